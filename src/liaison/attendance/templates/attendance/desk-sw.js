/* The check-in desk's service worker: keeps the desk page and its scripts and styles so that
   the desk opens, with its waiting scans, when the venue's network is down. */
const PREFIX = "liaison-desk-{{ slug|escapejs }}-";
const CACHE = PREFIX + "{{ version|escapejs }}";
const PAGE = "{{ page|escapejs }}";
const ASSETS = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll([...ASSETS, new Request(PAGE, { credentials: "same-origin" })]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function keep(request, response) {
  // Only the desk itself, never a login page it was redirected to.
  if (response.ok && !response.redirected && response.type === "basic") {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

function offlineCopy(hit) {
  // Says where the answer came from (the desk and its tests can tell).
  const headers = new Headers(hit.headers);
  headers.set("X-Liaison-Desk", "offline-copy");
  return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const isPage = url.pathname === PAGE && (request.mode === "navigate" || request.destination === "document");
  const isAsset = ASSETS.includes(url.pathname);
  if (!isPage && !isAsset) return;
  const key = isPage ? PAGE : url.pathname;
  // Network first (the desk stays current), the cache when the network is down.
  event.respondWith(
    fetch(request)
      .then((response) => keep(key, response))
      .catch(() => caches.match(key).then((hit) => (hit ? offlineCopy(hit) : Response.error())))
  );
});
