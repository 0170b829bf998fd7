// The stream types OpenPGP.js's declarations import from its optional peer dependency @openpgp/web-stream-tools,
// which Parapet does not install (it needs none of its helpers at run time). Without them every streamed value
// in openpgp's types is unresolved. On Node.js the streams OpenPGP.js takes and returns are node:stream/web
// streams (the global ReadableStream), so both kinds are declared as that.
declare module '@openpgp/web-stream-tools' {
  type Data = Uint8Array | string;
  export type WebStream<T extends Data> = import('node:stream/web').ReadableStream<T>;
  export type NodeWebStream<T extends Data> = import('node:stream/web').ReadableStream<T>;
}
