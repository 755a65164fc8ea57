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

import logging
from typing import Optional

from ._native.plenigo import (
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

# The core's levels as `logging` levels; TRACE sits below DEBUG, as logging.DEBUG - 5.
_LOGGING_LEVELS = {
    LogLevel.ERROR: logging.ERROR,
    LogLevel.WARN: logging.WARNING,
    LogLevel.INFO: logging.INFO,
    LogLevel.DEBUG: logging.DEBUG,
    LogLevel.TRACE: logging.DEBUG - 5,
}


class _LoggingSink(LogSink):
    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def log(self, level: LogLevel, target: str, message: str) -> None:
        self._logger.log(_LOGGING_LEVELS.get(level, logging.DEBUG), message)


def logging_sink(logger: Optional[logging.Logger] = None) -> LogSink:
    """A :class:`LogSink` that forwards the SDK's log lines to the :mod:`logging` module,
    by default to ``logging.getLogger("plenigo")``; pass it to :func:`set_log_sink`::

        plenigo.set_log_sink(plenigo.logging_sink(), plenigo.LogLevel.INFO)
        plenigo.set_log_sink(None, plenigo.LogLevel.OFF)   # off again

    The logger's own level and handlers apply on top (``logging.basicConfig(level=...)``).
    """
    return _LoggingSink(logger if logger is not None else logging.getLogger("plenigo"))


# The generated exceptions stringify to a dump of their fields (UniFFI's Python errors ignore
# the exported Display); show the core's message, a field of every variant.
PlenigoError.__str__ = lambda error: error.message  # type: ignore[method-assign,assignment,attr-defined]
