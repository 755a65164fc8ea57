"""plenigo: App Management and External User Management for Python.

A thin layer over the Rust core (generated UniFFI bindings in ``plenigo._native``)::

    import plenigo

    client = plenigo.PlenigoClient(plenigo.Config(
        company_id="23NuCmdPoiRRkQiCqP9Q",
        secret=plenigo.Secret("..."),
    ))
    customer_id = client.users().register_user(
        plenigo.UserRegistration(email="reader@example.com", language="en"))
    login_token = client.users().create_login_token(customer_id, False)
    bought = await client.apps_async().has_user_bought(...)   # in a coroutine (FastAPI, asyncio)
    plenigo.set_log_sink(plenigo.logging_sink(), plenigo.LogLevel.INFO)   # to `logging`
    snippet = client.checkout_snippet(           # for onclick="..." on the page
        plenigo.Product(product_id="EgLUrT56328991046641"),
        plenigo.CheckoutOptions(login_token=login_token))

Every failure raises a subclass of :class:`PlenigoError` (``PlenigoError.InvalidInput``,
``PlenigoError.Unauthorized``, ...); ``str(error)`` is its human-readable message.
"""

import ctypes as _ctypes
import sys as _sys
import types as _types
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import logging


class _ImportedOnUse(_types.ModuleType):
    """Stands in, while the generated bindings load, for a module they import at the top but
    use only inside a call: `asyncio` (with ssl, concurrent.futures and logging behind it, half
    of `import plenigo`'s time and 7 of its 13 MiB) and `platform`. On first use the real
    module is imported and replaces the stand-in in the bindings."""

    def __getattr__(self, attribute: str) -> object:
        import importlib

        module = importlib.import_module(self.__name__)
        setattr(_sys.modules[__name__ + "._native.plenigo"], self.__name__, module)
        return getattr(module, attribute)


_deferred = [name for name in ("asyncio", "platform") if name not in _sys.modules]
for _name in _deferred:
    _sys.modules[_name] = _ImportedOnUse(_name)
try:
    from . import _native  # noqa: F401  (the generated module, loaded with the stand-ins)
finally:
    for _name in _deferred:
        if isinstance(_sys.modules.get(_name), _ImportedOnUse):
            del _sys.modules[_name]

from ._native.plenigo import (  # noqa: E402
    Address,
    AppAccessData,
    AppAccessToken,
    AppManagement,
    AsyncAppManagement,
    AsyncUserManagement,
    CheckoutOptions,
    Config,
    ErrorKind,
    InternalError,
    LogLevel,
    LogSink,
    PlenigoClient,
    PlenigoError,
    Product,
    Secret,
    UserManagement,
    UserRegistration,
    set_log_sink,
)

__all__ = [
    "Address",
    "AppAccessData",
    "AppAccessToken",
    "AppManagement",
    "AsyncAppManagement",
    "AsyncUserManagement",
    "CheckoutOptions",
    "Config",
    "ErrorKind",
    "InternalError",
    "LogLevel",
    "LogSink",
    "PlenigoClient",
    "PlenigoError",
    "Product",
    "Secret",
    "UserManagement",
    "UserRegistration",
    "logging_sink",
    "set_log_sink",
]

# The core's levels as `logging` levels (logging.ERROR, WARNING, INFO, DEBUG; TRACE sits below
# DEBUG, as logging.DEBUG - 5), as numbers: `logging` is imported only by logging_sink().
_LOGGING_LEVELS = {
    LogLevel.ERROR: 40,
    LogLevel.WARN: 30,
    LogLevel.INFO: 20,
    LogLevel.DEBUG: 10,
    LogLevel.TRACE: 5,
}


class _LoggingSink(LogSink):
    def __init__(self, logger: "logging.Logger") -> None:
        self._logger = logger

    def log(self, level: LogLevel, target: str, message: str) -> None:
        self._logger.log(_LOGGING_LEVELS.get(level, 10), message)


def logging_sink(logger: "Optional[logging.Logger]" = None) -> LogSink:
    """A :class:`LogSink` that forwards the SDK's log lines to the :mod:`logging` module,
    by default to ``logging.getLogger("plenigo")``; pass it to :func:`set_log_sink`::

        plenigo.set_log_sink(plenigo.logging_sink(), plenigo.LogLevel.INFO)
        plenigo.set_log_sink(None, plenigo.LogLevel.OFF)   # off again

    The logger's own level and handlers apply on top (``logging.basicConfig(level=...)``).
    """
    import logging

    return _LoggingSink(logger if logger is not None else logging.getLogger("plenigo"))


def _lower_string(value: str) -> object:
    """A str as the RustBuffer the library takes, copied in one call into the library
    (`rustbuffer_from_bytes`). UniFFI's generated `lower` builds it through two context managers
    and two calls (allocate, then grow): 10 µs a string, a third of a `has_user_bought`'s
    CPU on the Python side."""
    data = value.encode("utf-8")
    # `data` outlives the call, which copies it.
    pointer = _ctypes.cast(_ctypes.c_char_p(data), _ctypes.POINTER(_ctypes.c_char))
    return _bindings._uniffi_rust_call(
        _bindings._UniffiLib.ffi_plenigo_rustbuffer_from_bytes,
        _bindings._UniffiForeignBytes(len(data), pointer),
    )


_bindings = _sys.modules[__name__ + "._native.plenigo"]
_bindings._UniffiFfiConverterString.lower = staticmethod(_lower_string)

# The generated exceptions stringify to a dump of their fields (UniFFI's Python errors ignore
# the exported Display); show the core's message, a field of every variant.
PlenigoError.__str__ = lambda error: error.message  # type: ignore[method-assign,assignment,attr-defined]
