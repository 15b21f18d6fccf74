import { Edict, type EdictOptions } from '@edict/core';

/** Runs `body` with an application on `store`, then stops it (which closes the store). */
export async function withEdict<T>(options: EdictOptions, body: (edict: Edict) => Promise<T>): Promise<T> {
  let edict: Edict;
  try {
    edict = await Edict.create(options);
  } catch (error) {
    await options.store.close();
    throw error;
  }
  try {
    return await body(edict);
  } finally {
    await edict.stop();
  }
}
