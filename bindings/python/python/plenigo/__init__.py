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
    snippet = client.checkout_snippet(           # for onclick="..." on the page
        plenigo.Product(product_id="EgLUrT56328991046641"),
        plenigo.CheckoutOptions(login_token=login_token))

Every failure raises a subclass of :class:`PlenigoError` (``PlenigoError.InvalidInput``,
``PlenigoError.Unauthorized``, ...); ``str(error)`` is its human-readable message.
"""

from ._native.plenigo import (
    AppAccessData,
    AppAccessToken,
    AppManagement,
    CheckoutOptions,
    Config,
    ErrorKind,
    InternalError,
    PlenigoClient,
    PlenigoError,
    Product,
    Secret,
    UserManagement,
    UserRegistration,
)

__all__ = [
    "AppAccessData",
    "AppAccessToken",
    "AppManagement",
    "CheckoutOptions",
    "Config",
    "ErrorKind",
    "InternalError",
    "PlenigoClient",
    "PlenigoError",
    "Product",
    "Secret",
    "UserManagement",
    "UserRegistration",
]


def _describe(error: PlenigoError) -> str:
    return error.describe()  # type: ignore[attr-defined]  # defined on every variant


# The generated exceptions stringify to a dump of their fields; show the core's message.
PlenigoError.__str__ = _describe  # type: ignore[method-assign,assignment]
