<?php

namespace plenigo;

use plenigo\internal\Client;
use plenigo\internal\Native;

/**
 * Holds the client the services use. Configure it once per process:
 *
 *     \plenigo\PlenigoManager::configure($secret, $companyId);
 *
 * Without $url the base URL is PLENIGO_BASE_URL from the environment when set, else
 * https://api.plenigo.com.
 */
final class PlenigoManager
{
    private static ?Client $client = null;

    /**
     * Creates the client for a company.
     *
     * @param string $secret the company secret from the plenigo backend
     * @param string $companyId the company ID from the plenigo backend
     * @param bool $testMode work on test-mode data
     * @param string|null $url the API's base URL (null: PLENIGO_BASE_URL, else production)
     * @throws PlenigoException for an empty company ID or secret or a malformed URL
     */
    public static function configure(#[\SensitiveParameter] $secret, $companyId, $testMode = false, $url = null): void
    {
        self::$client = null;
        self::$client = new Client($secret, $companyId, $testMode, $url);
    }

    /** PSR-3 level names by the library's level numbers (1 error ... 5 trace). */
    private const LOG_LEVELS = [1 => 'error', 2 => 'warning', 3 => 'info', 4 => 'debug', 5 => 'debug'];

    /** PSR-3's logger interface (package psr/log, suggested): required of loggers when it exists. */
    private const PSR_LOGGER = 'Psr\\Log\\LoggerInterface';

    /** The callback the library calls while logging is on (kept alive here). */
    private static ?\Closure $logCallback = null;

    /**
     * Sends the SDK's log lines (one per HTTP attempt: method, route, status, attempt, time,
     * retry wait; never a token, secret, ID or body) to a PSR-3 logger, or to error_log()
     * when $logger is null. Levels: 'error', 'warning', 'info' (retries), 'debug' (every
     * attempt), or 'off' (the default). Logging ends with the request (or process), so a
     * php-fpm worker never calls into a finished request. A logger that throws loses that
     * line; the call goes on unchanged.
     *
     * @param \Psr\Log\LoggerInterface|object|null $logger a PSR-3 logger (when psr/log is
     *        installed, a Psr\Log\LoggerInterface; else anything with its log() method)
     * @throws PlenigoException for an unknown level or a logger that is none
     */
    public static function setLogger(?object $logger, string $level = 'info'): void
    {
        $max = array_search(strtolower($level), ['off', 'error', 'warning', 'info', 'debug'], true);
        if ($max === false) {
            throw PlenigoException::of("invalid level: must be off, error, warning, info or debug, got $level", 1);
        }
        if ($logger !== null) {
            // With psr/log installed a logger must be a PSR-3 LoggerInterface; without it, any
            // object with PSR-3's log() method will do.
            if (interface_exists(self::PSR_LOGGER)) {
                if (!$logger instanceof \Psr\Log\LoggerInterface) {
                    throw PlenigoException::of('invalid logger: must be a ' . self::PSR_LOGGER . ', got ' . get_debug_type($logger), 1);
                }
            } elseif (!method_exists($logger, 'log')) {
                throw PlenigoException::of('invalid logger: must have a PSR-3 log($level, $message, $context) method', 1);
            }
        }
        $ffi = Native::ffi();
        if ($max === 0) {
            $ffi->plenigo_set_log_callback(null, null, 0, null);
            self::$logCallback = null;
            return;
        }
        // An FFI callback must not throw: a logger that fails loses its line, never the call.
        $callback = static function (int $level, string $message) use ($logger): void {
            $psrLevel = self::LOG_LEVELS[$level] ?? 'debug';
            try {
                if ($logger === null) {
                    error_log("plenigo [$psrLevel] $message");
                } else {
                    $logger->log($psrLevel, $message, ['target' => 'plenigo']);
                }
            } catch (\Throwable) {
                // Dropped: see above.
            }
        };
        if (self::$logCallback === null) {
            register_shutdown_function(static fn () => self::setLogger(null, 'off'));
        }
        self::$logCallback = $callback;
        $ffi->plenigo_set_log_callback($callback, null, $max, null);
    }

    /** True once configure() succeeded. */
    public static function isConfigured(): bool
    {
        return self::$client !== null;
    }

    /** The base URL requests go to. */
    public static function getBaseUrl(): string
    {
        return self::client()->baseUrl();
    }

    /**
     * The configured client, for the services.
     *
     * @internal
     * @throws PlenigoException when configure() was not called
     */
    public static function client(): Client
    {
        return self::$client ?? throw PlenigoException::of(
            'plenigo is not configured: call \plenigo\PlenigoManager::configure($secret, $companyId) first',
            1,
        );
    }
}
