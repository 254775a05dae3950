"""Django's Redis cache backend, reusing its redis-py client.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` on every cache call (over
the same connection pool), and redis-py fills some 170 response callbacks each time: on the
approvals page that cost more than the GET it served. A `redis.Redis` is thread-safe and
meant to be shared (it takes a connection from its pool per command), so one is kept per
pool. Everything else is Django's: same settings, same errors, same pools.

    CACHES = {"default": {"BACKEND": "comun.cache.RedisCache", "LOCATION": REDIS_URL}}
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clientes: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        cliente = self._clientes.get(id(pool))
        if cliente is None:
            cliente = self._clientes[id(pool)] = self._client(connection_pool=pool)
        return cliente


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
