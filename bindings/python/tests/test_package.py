"""The installed package: public names, type hints, records."""

import inspect
from pathlib import Path

import plenigo


def test_public_names():
    assert set(plenigo.__all__) == {
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
    }
    assert all(hasattr(plenigo, name) for name in plenigo.__all__)


def test_typed_package():
    assert (Path(plenigo.__file__).parent / "py.typed").is_file()
    hints = inspect.signature(plenigo.AppManagement.has_user_bought)
    assert hints.return_annotation in (bool, "bool")
    assert inspect.iscoroutinefunction(plenigo.AsyncAppManagement.has_user_bought)
    assert inspect.iscoroutinefunction(plenigo.AsyncUserManagement.register_user)


def test_record_defaults_match_the_core():
    user = plenigo.UserRegistration(email="reader@example.com")
    assert (user.language, user.with_password_reset, user.fail_by_existing_email) == ("en", False, False)
    config = plenigo.Config(company_id="c", secret=plenigo.Secret("s"))
    assert (config.base_url, config.test_mode, config.max_retries) == (None, False, 2)
    assert (config.connect_timeout_ms, config.request_timeout_ms) == (10000, 10000)
    assert config.extra_root_certs_pem is None


def test_checkout_record_defaults_match_the_core():
    product = plenigo.Product(product_id="EgLUrT56328991046641")
    assert (product.title, product.price, product.product_type, product.shipping_cost) == (
        None,
        None,
        None,
        None,
    )
    options = plenigo.CheckoutOptions()
    assert (options.login_token, options.start_with_registration, options.element_id) == (
        None,
        False,
        None,
    )


def test_import_loads_neither_asyncio_nor_logging_until_used():
    """`import plenigo` stays light: asyncio and logging load on first use, and then work."""
    import subprocess
    import sys

    script = """
import sys, plenigo
print(sorted(m for m in ("asyncio", "logging", "platform") if m in sys.modules))
import asyncio
async def loop_as_the_bindings_find_it():
    return plenigo._native.plenigo.asyncio.get_running_loop()
assert asyncio.run(loop_as_the_bindings_find_it()) is not None
assert plenigo._native.plenigo.asyncio is asyncio  # the stand-in replaced itself
sink = plenigo.logging_sink()
print(sorted(m for m in ("asyncio", "logging") if m in sys.modules))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "['asyncio', 'logging']"


def test_strings_reach_the_library_unchanged():
    """Every argument string crosses through the package's one-call lowering: what the library
    reads back is the same text, empty, non-ASCII or with a NUL inside."""
    from plenigo._native import plenigo as bindings

    converter = bindings._UniffiFfiConverterString
    for text in ["", "56202510", "Grüße, 東京 😀", "a\x00b", "x" * 100_000]:
        assert converter.lift(converter.lower(text)) == text
