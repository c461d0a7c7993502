// What `mkdocs serve` serves as sw.js in place of the real service worker (essay_plugin/offline.py): it
// deletes the caches of its scope (Workbox puts the scope in their names), unregisters itself and reloads
// the pages it controlled, which then come from the dev server.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  const names = await caches.keys();
  const ours = names.filter((name) => name.includes(self.registration.scope));
  await Promise.all(ours.map((name) => caches.delete(name)));
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
})()));
