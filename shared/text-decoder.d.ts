/**
 * The WHATWG Encoding `TextDecoder`, present in every runtime shared/ runs in
 * (browsers, Electron, Node). shared/ compiles without DOM or Node types, so
 * the one member it uses is declared here.
 */
declare class TextDecoder {
  constructor(label?: 'utf-8', options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input: Uint8Array): string;
}
