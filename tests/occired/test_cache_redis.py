"""comun.cache: Django's Redis cache with its redis-py client reused, on a real Redis."""

from __future__ import annotations

import uuid

from comun.cache import RedisCache


def _cache(url: str) -> RedisCache:
    return RedisCache(url, {"KEY_PREFIX": f"prueba-{uuid.uuid4()}"})


def test_the_client_is_built_once_per_pool_and_the_cache_works(requiere_redis):
    cache = _cache(requiere_redis)
    assert cache._cache.get_client() is cache._cache.get_client(write=True)  # one server: one pool
    cache.set("n", 1, 60)
    assert cache.get("n") == 1 and cache.incr("n") == 2 and cache.add("n", 5) is False
    cache.delete("n")
    assert cache.get("n") is None and cache.add("n", 5, 60) is True and cache.get("n") == 5
    cache.delete("n")


def test_the_portal_uses_it_with_redis(requiere_redis):
    from django.core.cache import caches

    assert isinstance(caches["default"], RedisCache)
