// The Kotlin rows of the benchmark (issue 16): what scripts/bench-kotlin builds and runs.
//
//     java -cp ... BenchKt URL ROUNDS CALLS WARMUP
//
// URL is a server answering the SDK's has-user-bought GET with a canned 204 (scripts/lib/bench.sh's
// start_canned_nginx). Prints one `BENCH {json}` line per row and round on stdout (the fields:
// scripts/lib/bench.sh), a summary per round on stderr, and exits non-zero when any call fails.
//
// WARMUP calls of every row first, not measured (the JIT compiles the hot paths, connections open).
// Then every round measures every row, interleaved: the round's CALLS calls for each row go in 5
// slices, and each slice runs every row once, in an order rotated from slice to slice. Per round and
// row, CPU per call (cpu_us, cs) of this whole JVM process, all its threads (JIT and GC threads too,
// for both sides alike, and threads that ended meanwhile): user + system time and voluntary +
// involuntary context switches from getrusage(RUSAGE_SELF) (through JNA, which the package brings),
// read before and after each slice, divided by the calls, one call at a time.
// - kotlin.sync: the package's blocking `client.apps().hasUserBought`;
// - kotlin.jdk: java.net.http.HttpClient (HTTP/1.1, one client, its kept connection), `send`, the
//   plenigoToken JWT signed per call with javax.crypto.Mac (the SDK's claims, src/auth.rs, and a
//   fresh random jti);
// - kotlin.suspend: the package's `client.appsAsync().hasUserBought`, awaited one at a time in
//   runBlocking;
// - kotlin.jdk.async: the same HttpClient's `sendAsync(...).await()`, one at a time in runBlocking.

import com.plenigo.sdk.Config
import com.plenigo.sdk.PlenigoClient
import com.plenigo.sdk.Secret
import com.sun.jna.Library
import com.sun.jna.Native
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.Base64
import java.util.Locale
import java.util.UUID
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.system.exitProcess
import kotlinx.coroutines.future.await
import kotlinx.coroutines.runBlocking

private const val CMD = "scripts/bench-kotlin"
private const val SLICES = 5
private const val TOKEN_LIFETIME = 300 // seconds, as src/auth.rs

private fun env(name: String, fallback: String) = System.getenv(name)?.takeIf { it.isNotEmpty() } ?: fallback

private val COMPANY = env("BENCH_COMPANY", "23NuCmdPoiRRkQiCqP9Q")
private val SECRET = env("BENCH_SECRET", "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj")
private val CUSTOMER = env("BENCH_CUSTOMER", "56202510")
private val PRODUCT = env("BENCH_PRODUCT", "RgKUHT78563989856641")
private val APP = env("BENCH_APP", "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G")

private class CallFailed(message: String) : Exception(message)

// --- the baselines' token: HS256 by hand, byte for byte what the SDK signs --------------------

private val b64 = Base64.getUrlEncoder().withoutPadding()
private val tokenHeader = b64.encodeToString("""{"alg":"HS256"}""".toByteArray())
private val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(SECRET.toByteArray(), "HmacSHA256")) }

/** The plenigoToken JWT: {aud, companyId, exp, jti} in the SDK's order, a fresh jti. */
private fun token(): String {
    val exp = System.currentTimeMillis() / 1000 + TOKEN_LIFETIME
    val claims = """{"aud":"plenigo","companyId":"$COMPANY","exp":$exp,"jti":"${UUID.randomUUID()}"}"""
    val signingInput = tokenHeader + "." + b64.encodeToString(claims.toByteArray())
    // One Mac for the process: doFinal resets it for the next call (the calls are one at a time).
    return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.toByteArray()))
}

private fun granted(status: Int, who: String) {
    if (status != 200 && status != 204) throw CallFailed("$who: HTTP $status from the canned server")
}

// --- the measured loops: each makes n calls and throws on a failed one -------------------------

private class Clients(url: String) : AutoCloseable {
    val client = PlenigoClient(Config(companyId = COMPANY, secret = Secret(SECRET), baseUrl = url))
    val apps = client.apps()
    val appsAsync = client.appsAsync()
    val http: HttpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build()

    // The path the SDK requests (src/apps.rs, src/endpoint.rs: each segment percent-encoded,
    // testMode in the query).
    val uri: URI = URI.create(
        url.trimEnd('/') + "/api/v2/access/app/" +
            listOf(CUSTOMER, PRODUCT, APP).joinToString("/") { URLEncoder.encode(it, Charsets.UTF_8) } +
            "?testMode=false",
    )

    private fun request(): HttpRequest = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("plenigoToken", token())
        .GET()
        .build()

    fun sync(n: Int) {
        repeat(n) {
            if (!apps.hasUserBought(CUSTOMER, PRODUCT, APP)) throw CallFailed("hasUserBought did not grant")
        }
    }

    fun jdk(n: Int) {
        repeat(n) { granted(http.send(request(), HttpResponse.BodyHandlers.discarding()).statusCode(), "HttpClient.send") }
    }

    fun suspending(n: Int) = runBlocking {
        repeat(n) {
            if (!appsAsync.hasUserBought(CUSTOMER, PRODUCT, APP)) throw CallFailed("suspend hasUserBought did not grant")
        }
    }

    fun jdkAsync(n: Int) = runBlocking {
        repeat(n) {
            granted(http.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).await().statusCode(), "HttpClient.sendAsync")
        }
    }

    override fun close() {
        client.close()
    }
}

// --- CPU and context switches of the whole process ---------------------------------------------

/** getrusage(2) through JNA (on the class path with the package). */
private interface LibC : Library {
    fun getrusage(who: Int, usage: LongArray): Int
}

private val libc: LibC = Native.load("c", LibC::class.java)

/** getrusage(RUSAGE_SELF) as microseconds of CPU (user + system) and context switches. */
private fun rusage(): Pair<Long, Long> {
    // struct rusage on 64-bit Linux: ru_utime, ru_stime (timeval: sec, usec), 14 longs; ru_nvcsw,
    // ru_nivcsw are the last two.
    val usage = LongArray(18)
    check(libc.getrusage(0, usage) == 0) { "getrusage failed" }
    return (usage[0] + usage[2]) * 1_000_000 + usage[1] + usage[3] to usage[16] + usage[17]
}

/** Accumulates one row's CPU time and switches over the slices of a round. */
private class Tally {
    var cpuUs = 0L
    var switches = 0L

    fun measure(n: Int, run: (Int) -> Unit) {
        val before = rusage()
        run(n)
        val after = rusage()
        cpuUs += after.first - before.first
        switches += after.second - before.second
    }
}

// --- the rounds ----------------------------------------------------------------------------------

private data class Row(val id: String, val label: String, val baseline: String?, val run: (Int) -> Unit)

private fun json(s: String?) = if (s == null) "null" else "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""

private fun fmt(digits: Int, x: Double) = String.format(Locale.ROOT, "%.${digits}f", x)

private fun split(total: Int, parts: Int) = List(parts) { i -> total / parts + if (i < total % parts) 1 else 0 }

fun main(args: Array<String>) {
    if (args.size != 4) {
        System.err.println("usage: BenchKt URL ROUNDS CALLS WARMUP")
        exitProcess(2)
    }
    val (url, roundsArg, callsArg, warmupArg) = args
    val rounds = roundsArg.toInt()
    val calls = callsArg.toInt()
    val warmup = warmupArg.toInt()
    require(rounds >= 1 && calls >= SLICES) { "ROUNDS >= 1 and CALLS >= $SLICES" }
    try {
        Clients(url).use { clients -> run(clients, rounds, calls, warmup) }
    } catch (e: Throwable) {
        System.err.println("Bench.kt: a call failed: $e")
        e.printStackTrace()
        exitProcess(1)
    }
    exitProcess(0)
}

private fun run(clients: Clients, rounds: Int, calls: Int, warmup: Int) {
    val rows = listOf(
        Row("kotlin.sync", "Kotlin package, blocking hasUserBought", "kotlin.jdk", clients::sync),
        Row("kotlin.jdk", "Kotlin JDK HttpClient (HTTP/1.1, kept connection), token signed per call with javax.crypto.Mac", null, clients::jdk),
        Row("kotlin.suspend", "Kotlin package, suspend hasUserBought, one at a time in runBlocking", "kotlin.jdk.async", clients::suspending),
        Row("kotlin.jdk.async", "Kotlin JDK HttpClient.sendAsync(...).await(), one at a time in runBlocking, token signed per call", null, clients::jdkAsync),
    )
    // The JIT's warm-up, in slices too so that every row's code is hot before any is measured.
    for (n in split(warmup, SLICES)) rows.forEach { it.run(n) }

    for (round in 1..rounds) {
        val tallies = rows.associate { it.id to Tally() }
        for ((slice, n) in split(calls, SLICES).withIndex()) {
            // A different order for every slice: each row follows each other row in turn.
            val shift = ((round - 1) * SLICES + slice) % rows.size
            for (row in rows.drop(shift) + rows.take(shift)) tallies.getValue(row.id).measure(n, row.run)
        }
        val cpuUs = rows.associate { it.id to tallies.getValue(it.id).cpuUs.toDouble() / calls }
        val cs = rows.associate { it.id to tallies.getValue(it.id).switches.toDouble() / calls }
        for (row in rows) {
            println(
                "BENCH {\"row\": ${json(row.id)}, \"label\": ${json(row.label)}, \"baseline\": ${json(row.baseline)}, " +
                    "\"cmd\": ${json(CMD)}, \"round\": $round, " +
                    "\"cpu_us\": ${fmt(1, cpuUs.getValue(row.id))}, \"cs\": ${fmt(2, cs.getValue(row.id))}}",
            )
        }
        System.out.flush()
        fun ratio(a: String, b: String) = fmt(2, cpuUs.getValue(a) / cpuUs.getValue(b))
        System.err.println(
            "::: round $round: CPU us/call " + rows.joinToString(" ") { "${it.id} ${fmt(1, cpuUs.getValue(it.id))}" } +
                "; sync/jdk ${ratio("kotlin.sync", "kotlin.jdk")} suspend/jdk.async ${ratio("kotlin.suspend", "kotlin.jdk.async")}" +
                "; switches/call " + rows.joinToString(" ") { "${it.id} ${fmt(2, cs.getValue(it.id))}" },
        )
    }
}
