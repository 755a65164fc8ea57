package com.plenigo.sdk

import java.util.logging.Level
import java.util.logging.Logger

/**
 * Forwards the SDK's log lines to `java.util.logging`, by default to the logger `plenigo`
 * (SLF4J/Logback users bridge it with `jul-to-slf4j`):
 *
 * ```
 * setLogSink(JulLogSink(), LogLevel.INFO)   // retries and failures; DEBUG: every attempt
 * setLogSink(null, LogLevel.OFF)            // off again
 * ```
 *
 * Levels map ERROR → SEVERE, WARN → WARNING, INFO → INFO, DEBUG → FINE, TRACE → FINER; the
 * logger's own level filters further. Lines never hold a secret, a token, an ID or a body.
 */
class JulLogSink(private val logger: Logger = Logger.getLogger("plenigo")) : LogSink {
    override fun log(level: LogLevel, target: String, message: String) {
        logger.logp(julLevel(level), target, null, message)
    }

    private fun julLevel(level: LogLevel): Level = when (level) {
        LogLevel.OFF -> Level.OFF
        LogLevel.ERROR -> Level.SEVERE
        LogLevel.WARN -> Level.WARNING
        LogLevel.INFO -> Level.INFO
        LogLevel.DEBUG -> Level.FINE
        LogLevel.TRACE -> Level.FINER
    }
}
