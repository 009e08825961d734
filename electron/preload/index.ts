/**
 * Sandboxed preload: exposes the typed HostApi as `window.aidtrail`, named
 * functions only. No `ipcRenderer`, no event objects and no Node handles
 * cross the bridge. Bundled into one CommonJS file (a sandboxed preload can
 * `require('electron')` and nothing from disk).
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  HOST_API_GLOBAL,
  hostApiChannels,
  type HostApi,
  type IpcArgs,
  type IpcChannel,
  type IpcResult,
} from '../../shared/ipc';

const invoke = <C extends IpcChannel>(channel: C, ...args: IpcArgs<C>): Promise<IpcResult<C>> =>
  ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<C>>;

// Byte arguments and results (Uint8Array) cross the bridge and IPC by structured clone.
// Each function passes exactly its declared arguments: the main process refuses any other (strict schemas).
const api = {
  getInfo: () => invoke(hostApiChannels.getInfo),
  vaultStatus: () => invoke(hostApiChannels.vaultStatus),
  vaultCreate: () => invoke(hostApiChannels.vaultCreate),
  unlock: (request) => invoke(hostApiChannels.unlock, request),
  lock: () => invoke(hostApiChannels.lock),
  approve: (request) => invoke(hostApiChannels.approve, request),
  operatorAdd: (request) => invoke(hostApiChannels.operatorAdd, request),
  operatorUpdate: (request) => invoke(hostApiChannels.operatorUpdate, request),
  operatorReset: (request) => invoke(hostApiChannels.operatorReset, request),
  operatorProfile: (request) => invoke(hostApiChannels.operatorProfile, request),
  operatorImport: (entries) => invoke(hostApiChannels.operatorImport, entries),
  signEvents: (entries, after) => invoke(hostApiChannels.signEvents, entries, after),
  signedBatch: (request) => invoke(hostApiChannels.signedBatch, request),
  signBatch: (header) => invoke(hostApiChannels.signBatch, header),
  issueCredential: (request) => invoke(hostApiChannels.issueCredential, request),
  seal: (request) => invoke(hostApiChannels.seal, request),
  sealMany: (requests) => invoke(hostApiChannels.sealMany, requests),
  open: (blob, context) => invoke(hostApiChannels.open, blob, context),
  openMany: (requests) => invoke(hostApiChannels.openMany, requests),
  siteKeyCreate: () => invoke(hostApiChannels.siteKeyCreate),
  siteKeyWrap: (request) => invoke(hostApiChannels.siteKeyWrap, request),
  siteKeyAccept: (wrapped) => invoke(hostApiChannels.siteKeyAccept, wrapped),
  siteKeys: () => invoke(hostApiChannels.siteKeys),
  allowAddress: (request) => invoke(hostApiChannels.allowAddress, request),
} satisfies HostApi;

contextBridge.exposeInMainWorld(HOST_API_GLOBAL, api);
