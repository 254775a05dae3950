"""Limits (topes). `topes.check_operation(...)` is the public entry point for operations."""


def check_operation(*args, **kwargs):
    """See `topes.operaciones.check_operation` (imported lazily: this module loads before the app registry)."""
    from topes.operaciones import check_operation as _check

    return _check(*args, **kwargs)
