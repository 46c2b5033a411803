// Page-side: asks the browser to keep Sequent's storage when disk runs low. Only a page may
// ask (StorageManager.persist is not offered to workers), so the UI calls this once at start;
// the worker's storageInfo() then reports the answer.
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return false;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}
