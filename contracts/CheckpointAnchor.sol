// SPDX-License-Identifier: UNLICENSED
// Compiled by ledger/chain/compile.ts (`npm run contracts`) with solc 0.8.37,
// optimizer 200 runs, EVM "paris"; ledger/chain/artifact.test.ts checks that
// the committed bytecode is what this source compiles to.
pragma solidity 0.8.37;

/// @title Checkpoints of Aidtrail's HQ logs, anchored on chain (DESIGN.md "Ledger protocol").
/// @notice Per log origin it keeps the last anchored (size, root, time) and
/// emits every anchoring as an event, so an auditor reads the whole anchored
/// history from the chain's logs and checks each against the log's own
/// consistency proofs. The contract cannot check consistency itself (that
/// would need the proof and hashing on chain); what it does enforce is what
/// makes an anchor final: an anchored size never shrinks and a size, once
/// anchored, keeps its root.
contract CheckpointAnchor {
    struct Anchor {
        uint64 size;
        uint64 time;
        bytes32 root;
    }

    /// @notice Who may name the poster of an origin. Set once at deployment;
    /// a storage variable rather than `immutable` so that the deployed code is
    /// the same bytes on every deployment and a client can check that the
    /// contract at an address is this one.
    address public owner;

    /// @notice keccak256(origin) => the one address that may anchor that log.
    mapping(bytes32 => address) public posterOf;

    /// @notice keccak256(origin) => its last anchored checkpoint.
    mapping(bytes32 => Anchor) public latest;

    event PosterSet(bytes32 indexed originHash, string origin, address poster);
    event Anchored(bytes32 indexed originHash, uint64 size, bytes32 root, uint64 time);

    error NotOwner(address caller);
    error NotPoster(bytes32 originHash, address caller);
    error SizeDecreased(uint64 anchored, uint64 size);
    error RootChanged(uint64 size, bytes32 anchored, bytes32 root);

    constructor() {
        owner = msg.sender;
    }

    /// @notice Names (or replaces, after a key is lost or leaked) the poster
    /// of `origin`. Replacing the poster never touches what is anchored: the
    /// new one is bound by the same size and root as the old.
    function setPoster(string calldata origin, address poster) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        bytes32 originHash = keccak256(bytes(origin));
        posterOf[originHash] = poster;
        emit PosterSet(originHash, origin, poster);
    }

    /// @notice Anchors the checkpoint (size, root) of the log keccak256(origin).
    /// The same (size, root) again is accepted and changes nothing, so a
    /// poster retrying a transaction it never saw mined does no harm.
    function anchor(bytes32 originHash, uint64 size, bytes32 root) external {
        if (msg.sender != posterOf[originHash]) revert NotPoster(originHash, msg.sender);
        Anchor storage last = latest[originHash];
        if (size < last.size) revert SizeDecreased(last.size, size);
        if (size == last.size) {
            // Two roots for one size are two histories: the first one anchored stands.
            if (root != last.root) revert RootChanged(size, last.root, root);
            return;
        }
        uint64 time = uint64(block.timestamp);
        latest[originHash] = Anchor(size, time, root);
        emit Anchored(originHash, size, root, time);
    }
}
