import { createRequire as __bloomCreateRequire } from 'node:module'; const require = __bloomCreateRequire(import.meta.url);
import {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
} from "./chunk-3RVZ45EK.js";
import "./chunk-KFYD5MIP.js";
export {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
};
