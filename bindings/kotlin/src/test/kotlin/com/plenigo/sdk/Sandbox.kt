package com.plenigo.sdk

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/** The seeds' company, secrets and records, as the sandbox's built-in fixture holds them. */
object Seeds {
    const val COMPANY = "23NuCmdPoiRRkQiCqP9Q"
    const val SECRET = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj"
    const val SECOND_SECRET = "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj"
    const val OTHER_COMPANY = "12NuCmdZUTRRkQiCqP2Q"
    const val CUSTOMER = "56202510"
    const val OTHER_CUSTOMER = "A1BKAFZZ3H0H"
    const val PRODUCT = "RgKUHT78563989856641"
    const val UNBOUGHT_PRODUCT = "EgLUrT56328991046641"
    const val CUSTOMER_APP = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
    const val APP_TOKEN = "6176437516"
}

/**
 * One plenigo-sandbox for the whole test run: the one at `PLENIGO_SANDBOX_URL` when set, else
 * the binary at system property `plenigo.sandbox.binary` started on a free loopback port and
 * stopped when the JVM exits. Also speaks its admin API.
 */
object Sandbox {
    private val http: HttpClient = HttpClient.newHttpClient()

    /** The sandbox's base URL, e.g. `http://127.0.0.1:40123`. */
    val url: String by lazy { System.getenv("PLENIGO_SANDBOX_URL")?.takeIf { it.isNotBlank() } ?: startSandbox() }

    /** A config for [company] with [secret] against this sandbox. */
    fun config(
        secret: String = Seeds.SECRET,
        company: String = Seeds.COMPANY,
        maxRetries: Int = 0,
        requestTimeoutMs: Int = 10_000,
    ) = Config(
        companyId = company,
        secret = Secret(secret),
        baseUrl = url,
        maxRetries = maxRetries,
        requestTimeoutMs = requestTimeoutMs,
    )

    /** A client for the seeds' company against this sandbox. */
    fun client(secret: String = Seeds.SECRET, company: String = Seeds.COMPANY, maxRetries: Int = 0) =
        PlenigoClient(config(secret, company, maxRetries))

    /** Restores the fixture and clears journal, faults and clock. */
    fun reset() {
        admin("POST", "/__sandbox/reset")
    }

    /**
     * The API requests the sandbox at [base] received since the last reset, oldest first (a
     * request held by a hang fault is there with status 0 while it hangs).
     */
    fun journal(base: String = url): JsonArray = admin("GET", "/__sandbox/journal", base = base).jsonArray

    /** The admin view of a customer (email, externalUserId, accessIds, address, purchases, apps). */
    fun customer(customerId: String, company: String = Seeds.COMPANY): JsonObject =
        admin("GET", "/__sandbox/customers/$company/$customerId").jsonObject

    /** The admin view of a login token (customerId, expired, redeemed). */
    fun loginToken(token: String): JsonObject = admin("GET", "/__sandbox/login-tokens/$token").jsonObject

    /** Injects a fault (JSON as `POST /__sandbox/faults` takes it) into the sandbox at [base]. */
    fun fault(json: String, base: String = url) {
        admin("POST", "/__sandbox/faults", json, base)
    }

    /** The connection counts of the sandbox at [base]: `accepted`, `api` (since the last reset) and `open` (now). */
    fun connections(base: String = url): Map<String, Int> =
        admin("GET", "/__sandbox/connections", base = base).jsonObject.mapValues { it.value.jsonPrimitive.content.toInt() }

    /** Adds or replaces a company (JSON as `POST /__sandbox/companies` takes it). */
    fun company(json: String) {
        admin("POST", "/__sandbox/companies", json)
    }

    /** Redeems a login token as plenigo's checkout does; returns the HTTP status (200 once, then 409). */
    fun redeemLoginToken(token: String): Int = send("POST", "/__sandbox/login-tokens/$token/redeem").statusCode()

    /** The claims of a checkout `paymentData` JWT, once the sandbox verified its signature and `aud`. */
    fun verifyPaymentData(paymentData: String, company: String = Seeds.COMPANY): JsonObject {
        val body = JsonObject(mapOf("companyId" to JsonPrimitive(company), "paymentData" to JsonPrimitive(paymentData)))
        return admin("POST", "/__sandbox/payment-data/verify", body.toString()).jsonObject.getValue("claims").jsonObject
    }

    private fun send(method: String, path: String, body: String? = null, base: String = url): HttpResponse<String> {
        val request = HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method(method, body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody())
            .build()
        return http.send(request, HttpResponse.BodyHandlers.ofString())
    }

    private fun admin(method: String, path: String, body: String? = null, base: String = url): JsonElement {
        val response = send(method, path, body, base)
        check(response.statusCode() == 200) { "$method $path: HTTP ${response.statusCode()} ${response.body()}" }
        return Json.parseToJsonElement(response.body())
    }
}

/**
 * A sandbox of its own for tests that count open connections, which other tests' clients
 * (closed whenever the JVM's cleaner gets to them) would disturb on the shared one: the binary
 * at system property `plenigo.sandbox.binary`, started on first use, stopped when the JVM exits.
 */
object QuietSandbox {
    /** Its base URL, `http://127.0.0.1:PORT`. */
    val url: String by lazy { startSandbox() }

    /** A config for the seeds' company against this sandbox. */
    fun config() = Sandbox.config().copy(baseUrl = url)
}

/**
 * A second sandbox, serving HTTPS with a certificate from a CA it made at start: the binary at
 * system property `plenigo.sandbox.binary`, started on first use and stopped when the JVM exits.
 */
object TlsSandbox {
    /** Its base URL, `https://127.0.0.1:PORT`. */
    val url: String

    /** The PEM of the CA that signed its certificate. */
    val caPem: String

    init {
        val caFile = File.createTempFile("plenigo-sandbox-ca", ".pem").apply { deleteOnExit() }
        url = startSandbox("--tls", "--ca-cert-out", caFile.path)
        caPem = caFile.readText() // written before the URL file
    }

    /** A config for the seeds' company against this sandbox, trusting [extraRootCertsPem]. */
    fun config(extraRootCertsPem: String?) =
        Sandbox.config().copy(baseUrl = url, extraRootCertsPem = extraRootCertsPem)
}

/**
 * Starts the sandbox binary with [options] on a free loopback port until the JVM exits and
 * returns its base URL, which it writes to its `--url-file` once it serves (waited for up to 10 s).
 */
private fun startSandbox(vararg options: String): String {
    val binary = System.getProperty("plenigo.sandbox.binary")
        ?: error("set PLENIGO_SANDBOX_URL or the system property plenigo.sandbox.binary")
    check(File(binary).canExecute()) { "no sandbox binary at $binary (cargo build --release -p plenigo-sandbox)" }
    val dir = Files.createTempDirectory("plenigo-sandbox").apply { toFile().deleteOnExit() }
    val urlFile = dir.resolve("url") // the sandbox removes it when it stops, before the JVM removes dir
    val process = ProcessBuilder(binary, "--bind", "127.0.0.1:0", "--url-file", urlFile.toString(), *options)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start()
    Runtime.getRuntime().addShutdownHook(Thread {
        process.destroy()
        process.waitFor(5, TimeUnit.SECONDS)
    })
    repeat(100) {
        if (Files.exists(urlFile)) return Files.readString(urlFile)
        check(process.isAlive) { "$binary ${options.joinToString(" ")} exited with ${process.exitValue()}" }
        Thread.sleep(100)
    }
    error("$binary ${options.joinToString(" ")} did not write its URL within 10 s")
}

/** A field of a JSON object as text (`null` for JSON null), e.g. of a journal entry or admin view. */
fun JsonElement.field(name: String): String? =
    jsonObject.getValue(name).let { if (it is kotlinx.serialization.json.JsonNull) null else it.jsonPrimitive.content }

/**
 * Runs a checkout snippet in node with a stand-in `plenigo` object and returns the call it made:
 * `{"f": "checkout" | "remote", "o": {...the object passed...}}`.
 */
fun runInNode(snippet: String): JsonObject {
    val standIn = "const plenigo = { checkout: o => console.log(JSON.stringify({f: 'checkout', o})), " +
        "checkoutWithRemoteLogin: o => console.log(JSON.stringify({f: 'remote', o})) };\n"
    val process = ProcessBuilder("node", "-e", standIn + snippet).redirectErrorStream(true).start()
    val output = process.inputStream.bufferedReader().readText()
    check(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) { "node failed on $snippet: $output" }
    return Json.parseToJsonElement(output).jsonObject
}
