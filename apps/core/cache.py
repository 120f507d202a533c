"""Django's built-in Redis cache backend, with one change: the ``redis.Redis`` client object is made
once per connection pool instead of on every call. Building it (``Redis.__init__`` fills a table of
some 170 response callbacks) cost more CPU than the round trip itself on a page-cache hit, which makes
two calls (the version counters, then the page). ``redis.Redis`` is thread-safe: it takes a
connection from the pool for each command."""

import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class FileCache(FileBasedCache):
    """Django's file cache, culling at most once per ``CULL_INTERVAL`` seconds per process. Django's
    ``set()`` lists every file of the cache directory to count them before each write (the page
    cache's and the API throttles' writes): with a few hundred entries that is a millisecond of CPU
    per request, with the 20,000 of ``MAX_ENTRIES`` tens of milliseconds. Between two culls the
    directory may exceed ``MAX_ENTRIES`` by what one process writes in that time."""

    CULL_INTERVAL = 30.0

    def __init__(self, dir, params):  # noqa: A002 - Django's name
        super().__init__(dir, params)
        self._next_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.CULL_INTERVAL
        super()._cull()
