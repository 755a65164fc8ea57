<?php

namespace plenigo\tests;

use PHPUnit\Framework\TestCase;
use plenigo\internal\PreloadHeader;

/**
 * The package under ffi.enable=preload (Debian's default for every SAPI but the CLI): the
 * ffi.preload header is checked for freshness, preloaded classes use its scope, and without
 * it a page gets a PlenigoException naming the php.ini lines. Runs PHP CLI processes with
 * those ini settings; scripts/test-php-fpm does the same through php-fpm.
 */
final class PreloadTest extends TestCase
{
    private const PACKAGE = __DIR__ . '/..';
    private const PAGE = __DIR__ . '/fpm/pages/has-bought.php';

    public function testTheHeaderIsPlenigoPhpHBehindTheScopeAndLibraryLines(): void
    {
        $header = PreloadHeader::render('/opt/plenigo/libplenigo.so');
        $this->assertStringStartsWith("#define FFI_SCOPE \"plenigo\"\n#define FFI_LIB \"/opt/plenigo/libplenigo.so\"\n", $header);
        $this->assertStringEndsWith(file_get_contents(self::PACKAGE . '/plenigo_php.h'), $header);
        $this->assertTrue(PreloadHeader::isFresh($header));
    }

    public function testAStaleHeaderIsDetected(): void
    {
        $header = PreloadHeader::render('/opt/plenigo/libplenigo.so');
        $stale = str_replace('plenigo_has_bought_product', 'plenigo_old_function', $header);
        $this->assertFalse(PreloadHeader::isFresh($stale));
        $this->assertFalse(PreloadHeader::isFresh(substr($header, 0, -10)));
        $this->assertFalse(PreloadHeader::isFresh(file_get_contents(self::PACKAGE . '/plenigo_php.h')));

        $file = tempnam(sys_get_temp_dir(), 'plenigo');
        try {
            file_put_contents($file, $stale);
            [$status, $output] = self::php(['-f', self::PACKAGE . '/bin/preload-header', '--', '--check', $file]);
            $this->assertSame(1, $status, $output);
            $this->assertStringContainsString('stale', $output);
            file_put_contents($file, $header);
            $this->assertSame(0, self::php(['-f', self::PACKAGE . '/bin/preload-header', '--', '--check', $file])[0]);
        } finally {
            unlink($file);
        }
    }

    public function testPreloadedClassesUseTheScope(): void
    {
        $header = $this->header(fresh: true);
        // A library path that does not exist: only the preloaded scope can answer.
        [$status, $output] = self::php([...self::preload($header), self::PAGE], ['PLENIGO_FFI_LIB' => '/nonexistent/libplenigo.so']);
        $this->assertSame("bought\n", $output);
        $this->assertSame(0, $status);
    }

    public function testAStaleHeaderStopsThePreload(): void
    {
        [$status, $output] = self::php([...self::preload($this->header(fresh: false)), self::PAGE]);
        $this->assertNotSame(0, $status);
        $this->assertStringContainsString('does not match plenigo_php.h', $output);
        $this->assertStringNotContainsString('bought', $output);
    }

    public function testWithoutPreloadAPageGetsAPlenigoExceptionNamingTheIniLines(): void
    {
        [$status, $output] = self::php(['-d', 'ffi.enable=0', self::PAGE]);
        $this->assertSame(0, $status, $output);
        $this->assertStringStartsWith('plenigo\PlenigoException SETUP: plenigo cannot load its native library', $output);
        foreach (['opcache.preload=', 'opcache.preload_user=', 'ffi.enable=preload', 'ffi.preload=', 'bin/preload-header'] as $line) {
            $this->assertStringContainsString($line, $output);
        }
        $this->assertStringNotContainsString('FFI\Exception', $output);
    }

    public function testALibraryFromAnotherBuildIsNamedAsSuch(): void
    {
        // libc, which lacks plenigo's functions, stands for a library older than plenigo_php.h.
        preg_match('{\S*/libc\.so[.\d]*$}m', file_get_contents('/proc/self/maps'), $libc);
        $other = $libc[0];
        [, $output] = self::php([self::PAGE], ['PLENIGO_FFI_LIB' => $other]);
        $this->assertStringStartsWith("plenigo\PlenigoException SETUP: plenigo cannot load $other with plenigo_php.h", $output);
        $this->assertStringContainsString("(Failed resolving C function 'plenigo_", $output);
        $this->assertStringContainsString('must come from the same build', $output);
    }

    /** A header for the library in lib/, fresh or stale, deleted after the test. */
    private function header(bool $fresh): string
    {
        $text = PreloadHeader::render(realpath(self::PACKAGE . '/lib/libplenigo.so'));
        $file = tempnam(sys_get_temp_dir(), 'plenigo') . '.h';
        // Stale: a struct as an older release declared it (one field less); FFI loads it fine.
        $stale = str_replace('const char *birthday_rule;', '', $text, $count);
        $this->assertSame(1, $count);
        file_put_contents($file, $fresh ? $text : $stale);
        register_shutdown_function('unlink', $file);
        return $file;
    }

    /** @return list<string> the README's php.ini lines, for the CLI */
    private static function preload(string $header): array
    {
        return [
            '-d', 'opcache.enable_cli=1',
            '-d', 'opcache.preload=' . realpath(self::PACKAGE . '/preload.php'),
            '-d', 'opcache.preload_user=' . posix_getpwuid(posix_geteuid())['name'],
            '-d', 'ffi.enable=preload',
            '-d', "ffi.preload=$header",
        ];
    }

    /**
     * Runs PHP with $args; returns the exit status and stdout + stderr.
     *
     * @param list<string> $args
     * @param array<string, string> $env
     * @return array{0: int, 1: string}
     */
    private static function php(array $args, array $env = []): array
    {
        $process = proc_open([PHP_BINARY, '-d', 'display_errors=stderr', ...$args], [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, [...getenv(), ...$env]);
        $output = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        return [proc_close($process), $output];
    }
}
