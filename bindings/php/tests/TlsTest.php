<?php

namespace plenigo\tests;

use PHPUnit\Framework\TestCase;
use plenigo\exceptions\InvalidInputException;
use plenigo\exceptions\NetworkException;
use plenigo\PlenigoManager;
use plenigo\services\UserService;

/**
 * HTTPS against `plenigo-sandbox --tls` (PLENIGO_TLS_URL, its CA file in PLENIGO_TLS_CA;
 * scripts/test-c-php starts one): trusted through PLENIGO_EXTRA_CA_CERTS, refused without.
 */
final class TlsTest extends TestCase
{
    protected function setUp(): void
    {
        if (!getenv('PLENIGO_TLS_URL') || !getenv('PLENIGO_TLS_CA')) {
            $this->fail('PLENIGO_TLS_URL and PLENIGO_TLS_CA must name a plenigo-sandbox --tls and its CA file');
        }
    }

    protected function tearDown(): void
    {
        putenv('PLENIGO_EXTRA_CA_CERTS');
    }

    public function testTheExtraCaIsTrusted(): void
    {
        putenv('PLENIGO_EXTRA_CA_CERTS=' . getenv('PLENIGO_TLS_CA'));
        PlenigoManager::configure(SandboxTestCase::SECRET, SandboxTestCase::COMPANY, false, getenv('PLENIGO_TLS_URL'));
        $this->assertTrue(UserService::hasUserBought(SandboxTestCase::PRODUCT, SandboxTestCase::CUSTOMER));
    }

    public function testWithoutItTheCertificateIsRefused(): void
    {
        PlenigoManager::configure(SandboxTestCase::SECRET, SandboxTestCase::COMPANY, false, getenv('PLENIGO_TLS_URL'));
        $this->expectException(NetworkException::class);
        UserService::hasUserBought(SandboxTestCase::PRODUCT, SandboxTestCase::CUSTOMER);
    }

    public function testAnUnreadableOrEmptyCaFileNamesTheSetting(): void
    {
        foreach (['/nonexistent/ca.pem', '/dev/null'] as $file) {
            putenv("PLENIGO_EXTRA_CA_CERTS=$file");
            try {
                PlenigoManager::configure(SandboxTestCase::SECRET, SandboxTestCase::COMPANY, false, getenv('PLENIGO_TLS_URL'));
                $this->fail("expected $file to be refused");
            } catch (InvalidInputException $e) {
                $this->assertStringContainsString('extra_root_certs_pem', $e->getMessage());
            }
        }
    }
}
