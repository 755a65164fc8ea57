package com.plenigo.sdk

/**
 * Builds a [Config] step by step, for Java (which cannot use the data class's default
 * arguments and would otherwise pass all 13 of them):
 *
 * ```java
 * Config config = new ConfigBuilder("23NuCmdPoiRRkQiCqP9Q", new Secret(System.getenv("PLENIGO_SECRET")))
 *     .testMode(true)
 *     .baseUrl("http://127.0.0.1:8080")
 *     .build();
 * ```
 *
 * Kotlin callers can write `Config.builder(companyId, secret)` (or just use the named
 * arguments of `Config(...)`). Every field not set keeps `Config`'s own default; [build] can be
 * called more than once, each call returns a new `Config` with the values set so far.
 */
class ConfigBuilder(companyId: String, secret: Secret) {
    /** With the secret as text (wrapped into a [Secret]). */
    constructor(companyId: String, secret: String) : this(companyId, Secret(secret))

    private var config = Config(companyId = companyId, secret = secret)

    /** The API's base URL; unset: `PLENIGO_BASE_URL`, else `https://api.plenigo.com`. */
    fun baseUrl(baseUrl: String?) = apply { config = config.copy(baseUrl = baseUrl) }

    /** Work on test-mode data. */
    fun testMode(testMode: Boolean) = apply { config = config.copy(testMode = testMode) }

    /** How long to wait for a connection, in milliseconds. */
    fun connectTimeoutMs(ms: Int) = apply { config = config.copy(connectTimeoutMs = ms) }

    /** How long one attempt may take in all, in milliseconds. */
    fun requestTimeoutMs(ms: Int) = apply { config = config.copy(requestTimeoutMs = ms) }

    /** How often a failed request is tried again where that is safe (0 to 10). */
    fun maxRetries(maxRetries: Int) = apply { config = config.copy(maxRetries = maxRetries) }

    /** The budget of one call in all (attempts and waits), in milliseconds. */
    fun deadlineMs(ms: Int) = apply { config = config.copy(deadlineMs = ms) }

    /** The largest answer body read, in bytes. */
    fun maxResponseBytes(bytes: Int) = apply { config = config.copy(maxResponseBytes = bytes) }

    /** Appended to the `User-Agent` header. */
    fun userAgentSuffix(suffix: String?) = apply { config = config.copy(userAgentSuffix = suffix) }

    /** Allow plain `http://` to hosts other than loopback (never in production). */
    fun allowInsecureHttp(allow: Boolean) = apply { config = config.copy(allowInsecureHttp = allow) }

    /** An HTTP(S) proxy for `https://` base URLs; unset: `HTTPS_PROXY`/`ALL_PROXY`. */
    fun proxyUrl(proxyUrl: String?) = apply { config = config.copy(proxyUrl = proxyUrl) }

    /** Root certificates (PEM) trusted besides the built-in ones; unset: `PLENIGO_EXTRA_CA_CERTS`. */
    fun extraRootCertsPem(pem: String?) = apply { config = config.copy(extraRootCertsPem = pem) }

    /** The [Config] with the values set so far (validated when a [PlenigoClient] is made from it). */
    fun build(): Config = config

    override fun toString(): String = "ConfigBuilder($config)"
}

/** `Config.builder(companyId, secret).testMode(true).build()`; see [ConfigBuilder]. */
fun Config.Companion.builder(companyId: String, secret: Secret): ConfigBuilder = ConfigBuilder(companyId, secret)
