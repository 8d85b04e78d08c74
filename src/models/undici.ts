// The parts of undici a model call uses, re-exported from an ES module that sdk-fetch.ts imports on the first call.
// undici is a CommonJS package: imported dynamically from a split bundle (dist/chunks/), it would give only its
// default export, while named re-exports from a module of ours come through in the sources and the bundle alike.
export { Agent, EnvHttpProxyAgent, request } from 'undici';
