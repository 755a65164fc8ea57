<?php

namespace plenigo\tests;

use PHPUnit\Framework\TestCase;
use plenigo\PlenigoException;

/** Every test starts from the sandbox's built-in fixture (the documentation's data). */
abstract class SandboxTestCase extends TestCase
{
    public const SECRET = 'QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj';
    public const SECRET2 = 'Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj';
    public const COMPANY = '23NuCmdPoiRRkQiCqP9Q';
    public const COMPANY2 = '12NuCmdZUTRRkQiCqP2Q';
    public const CUSTOMER = '56202510';
    public const PRODUCT = 'RgKUHT78563989856641';
    public const OTHER_PRODUCT = 'EgLUrT56328991046641';
    public const FIXTURE_APP = 'ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G';
    public const FIXTURE_TOKEN = '6176437516';

    protected function setUp(): void
    {
        Sandbox::reset();
    }

    /**
     * Runs $call and returns the PlenigoException it must throw, checked against the
     * expected code, HTTP status and kind, and for never containing a secret.
     */
    protected function expectFailure(callable $call, int $code, int $httpStatus, string $kind): PlenigoException
    {
        try {
            $call();
        } catch (PlenigoException $e) {
            $this->assertSame($kind, $e->getKind(), $e->getMessage());
            $this->assertSame($code, $e->getCode(), $e->getMessage());
            $this->assertSame($httpStatus, $e->getHttpStatus(), $e->getMessage());
            $this->assertNoSecret((string) $e);
            foreach ($e->getTrace() as $frame) {
                // The SDK's own frames (the tests' closures hold secrets themselves).
                $class = $frame['class'] ?? '';
                if (str_starts_with($class, 'plenigo\\') && !str_starts_with($class, 'plenigo\\tests\\')) {
                    $this->assertNoSecret(print_r($frame['args'] ?? [], true));
                }
            }
            return $e;
        }
        $this->fail("expected a PlenigoException ($kind)");
    }

    protected function assertNoSecret(string $text): void
    {
        $this->assertStringNotContainsString(self::SECRET, $text);
        $this->assertStringNotContainsString(self::SECRET2, $text);
    }
}
