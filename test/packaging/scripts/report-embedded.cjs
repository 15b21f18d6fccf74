// Calls createEmbeddedStore in an app without @electric-sql/pglite and prints what it raised.
const { createEmbeddedStore } = require('@edict/postgres');

createEmbeddedStore().then(
  async (store) => {
    console.log('createEmbeddedStore: created');
    await store.close();
  },
  (error) => {
    const missing = (error.missing ?? []).map((p) => p.name).join(', ');
    console.log(`createEmbeddedStore: ${error.code} [${missing}] ${error.install ?? error.message}`);
  },
);
