<?php

namespace plenigo\internal;

use FFI;
use FFI\CData;
use plenigo\PlenigoException;

/**
 * A handle on the process-wide native client for one configuration (plenigo_client_shared):
 * the library keeps the client, its connection pool and TLS sessions alive across the
 * requests a php-fpm or mod_php worker serves, so configure() on the next page reuses the
 * open connection. Freeing the handle leaves the shared client in place.
 *
 * @internal
 */
final class Client
{
    private CData $handle;

    private bool $testMode;

    /** @throws PlenigoException */
    public function __construct(#[\SensitiveParameter] mixed $secret, mixed $companyId, mixed $testMode, mixed $url)
    {
        $ffi = Native::ffi();
        $keep = [];
        $config = $ffi->new('plenigo_config');
        $ffi->plenigo_config_init(FFI::addr($config), FFI::sizeof($config));
        $config->company_id = Native::buffer($companyId, 'company_id', $keep);
        $config->secret = Native::buffer($secret, 'secret', $keep);
        // PHP's getenv() also sees what the server sets per request (Apache's SetEnv), which the
        // library's own look-up of these two variables in the process environment cannot.
        $config->base_url = Native::buffer($url ?? self::env('PLENIGO_BASE_URL'), 'base_url', $keep);
        $config->extra_root_certs_pem = Native::buffer(self::extraRootCerts(), 'extra_root_certs_pem', $keep);
        $config->test_mode = $this->testMode = Native::flag($testMode, 'test_mode');
        $config->user_agent_suffix = Native::buffer('php/' . PHP_VERSION, 'user_agent_suffix', $keep);
        $handle = $ffi->new('plenigo_client*');
        Native::check(Native::call('plenigo_client_shared', FFI::addr($config), FFI::addr($handle)));
        $this->handle = $handle;
    }

    /** A non-empty environment variable, or null. */
    private static function env(string $name): ?string
    {
        $value = getenv($name);
        return is_string($value) && $value !== '' ? $value : null;
    }

    /**
     * The PEM text of the file named by PLENIGO_EXTRA_CA_CERTS, or null.
     *
     * @throws PlenigoException when the file cannot be read
     */
    private static function extraRootCerts(): ?string
    {
        $file = self::env('PLENIGO_EXTRA_CA_CERTS');
        if ($file === null) {
            return null;
        }
        $pem = is_file($file) && is_readable($file) ? file_get_contents($file) : false;
        return $pem !== false ? $pem : throw PlenigoException::of(
            "invalid extra_root_certs_pem: cannot read $file (PLENIGO_EXTRA_CA_CERTS)",
            1,
        );
    }

    /** The native handle, for the services' calls. */
    public function handle(): CData
    {
        return $this->handle;
    }

    /** Whether the client works on test-mode data. */
    public function testMode(): bool
    {
        return $this->testMode;
    }

    /** The base URL requests go to. */
    public function baseUrl(): string
    {
        return Native::callString('plenigo_client_base_url', $this->handle);
    }

    public function __destruct()
    {
        Native::ffi()->plenigo_client_free($this->handle);
    }
}
