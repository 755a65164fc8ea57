package com.plenigo.sdk

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.Base64
import java.util.UUID
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * SDK call vs a raw JDK HTTP request to the same sandbox endpoint (has-user-bought), in one
 * process: prints the mean time of each and their ratio. Not a test (Surefire skips it); run:
 * `mvn -f bindings/kotlin/pom.xml test-compile exec:java -Dexec.mainClass=com.plenigo.sdk.BenchmarkKt -Dexec.classpathScope=test`
 */
fun main() {
    val rounds = 1000
    val path = "/api/v2/access/app/${Seeds.CUSTOMER}/${Seeds.PRODUCT}/${Seeds.CUSTOMER_APP}?testMode=false"
    val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
    val raw = {
        val request = HttpRequest.newBuilder(URI.create(Sandbox.url.trimEnd('/') + path))
            .header("plenigoToken", plenigoToken(Seeds.COMPANY, Seeds.SECRET))
            .build()
        check(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200)
    }
    PlenigoClient(Sandbox.config()).use { client ->
        val apps = client.apps()
        val sdk = { check(apps.hasUserBought(Seeds.CUSTOMER, Seeds.PRODUCT, Seeds.CUSTOMER_APP)) }
        Sandbox.reset()
        measure(rounds / 5, raw)
        measure(rounds / 5, sdk)
        val rawMicros = measure(rounds, raw)
        val sdkMicros = measure(rounds, sdk)
        println("kotlin benchmark, has-user-bought x$rounds against the sandbox:")
        println("  raw JDK HttpClient + hand-signed JWT: %.1f µs/call".format(rawMicros))
        println("  plenigo SDK (JNA -> Rust core):       %.1f µs/call".format(sdkMicros))
        println("  ratio sdk/raw: %.2f".format(sdkMicros / rawMicros))
    }
    Sandbox.reset()
}

/** Mean microseconds per call of [call] over [rounds] calls. */
private fun measure(rounds: Int, call: () -> Unit): Double {
    val start = System.nanoTime()
    repeat(rounds) { call() }
    return (System.nanoTime() - start) / 1000.0 / rounds
}

/** The `plenigoToken` JWT the wire contract describes: HS256, companyId, aud, jti, exp. */
private fun plenigoToken(company: String, secret: String): String {
    val b64 = Base64.getUrlEncoder().withoutPadding()
    val header = b64.encodeToString("""{"alg":"HS256"}""".toByteArray())
    val exp = System.currentTimeMillis() / 1000 + 300
    val claims = b64.encodeToString(
        """{"companyId":"$company","aud":"plenigo","jti":"${UUID.randomUUID()}","exp":$exp}""".toByteArray(),
    )
    val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(secret.toByteArray(), "HmacSHA256")) }
    return "$header.$claims." + b64.encodeToString(mac.doFinal("$header.$claims".toByteArray()))
}
