// The renderer's declaration of simple-peer's browser bundle, for tests and benchmarks that drive raw peers.
// (An ambient module declaration cannot be imported; a reference is the one way to share it across projects.)
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../renderer/src/sync/simple-peer.d.ts" />
