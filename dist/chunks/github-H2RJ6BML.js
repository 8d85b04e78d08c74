import { createRequire as __bloomCreateRequire } from 'node:module'; const require = __bloomCreateRequire(import.meta.url);
import {
  context,
  getOctokit
} from "./chunk-RTD335DT.js";
import "./chunk-FZVZ3O7U.js";
import "./chunk-KFYD5MIP.js";
export {
  context,
  getOctokit
};
