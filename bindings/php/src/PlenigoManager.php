<?php

namespace plenigo;

use plenigo\internal\Client;

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
