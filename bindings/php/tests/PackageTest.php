<?php

namespace plenigo\tests;

use PHPUnit\Framework\TestCase;
use plenigo\internal\Native;
use plenigo\internal\Platform;
use plenigo\PlenigoManager;

/**
 * What the Composer package adds: the library picked for the machine (lib/<platform>/), the
 * header and library checked to be one build (a SETUP PlenigoException otherwise, with and
 * without preloading), PSR-3's LoggerInterface required when psr/log is there, and the
 * composer.json claims. scripts/test-composer installs the built zip and runs it.
 */
final class PackageTest extends TestCase
{
    private const PACKAGE = __DIR__ . '/..';
    private const PAGE = '/tests/fpm/pages/has-bought.php';

    private const GLIBC_MAPS = "55d0c0a00000-55d0c0b00000 r--p 00000000 08:01 1 /usr/bin/php8.2\n"
        . "7f0c1a000000-7f0c1a028000 r--p 00000000 08:01 2 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
        . "7f0c1b000000-7f0c1b002000 r--p 00000000 08:01 3 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n";
    private const MUSL_MAPS = "5581f7a00000-5581f7b00000 r--p 00000000 00:2f 1 /usr/bin/php82\n"
        . "7f5e3a000000-7f5e3a014000 r--p 00000000 00:2f 2 /lib/ld-musl-aarch64.so.1\n";

    public function testThePlatformIsTheCpuAndTheCLibraryOfThisProcess(): void
    {
        $this->assertSame('linux-x86_64', Platform::detect('Linux', 'x86_64', self::GLIBC_MAPS));
        $this->assertSame('linux-x86_64', Platform::detect('Linux', 'amd64', self::GLIBC_MAPS));
        $this->assertSame('linux-aarch64-musl', Platform::detect('Linux', 'aarch64', self::MUSL_MAPS));
        $this->assertSame('linux-aarch64-musl', Platform::detect('Linux', 'arm64', self::MUSL_MAPS));
        $this->assertSame('linux-x86_64-musl', Platform::detect('Linux', 'x86_64', str_replace('aarch64', 'x86_64', self::MUSL_MAPS)));
        $this->assertSame('linux-aarch64', Platform::detect('Linux', 'aarch64', str_replace('x86_64', 'aarch64', self::GLIBC_MAPS)));
        // A musl loader on disk (Debian's musl package) does not make a glibc PHP a musl one.
        $this->assertSame('linux-x86_64', Platform::detect('Linux', 'x86_64', self::GLIBC_MAPS . "7f0c1c000000-7f0c1c001000 r--p 0 08:01 4 /tmp/ld-musl-x86_64.so.1.txt\n"));
        $this->assertNull(Platform::detect('Linux', 'armv7l', self::GLIBC_MAPS));
        $this->assertNull(Platform::detect('Darwin', 'arm64', null));
        $this->assertNull(Platform::detect('Windows', 'AMD64', null));

        $maps = (string) file_get_contents('/proc/self/maps');
        $musl = str_contains($maps, '/ld-musl-');
        $this->assertSame(['x86_64' => 'linux-x86_64', 'aarch64' => 'linux-aarch64'][php_uname('m')] . ($musl ? '-musl' : ''), Platform::current());
        $this->assertContains(Platform::current(), Platform::CARRIED);
    }

    public function testTheLibraryForThePlatformIsPreferredToADevelopmentBuild(): void
    {
        $copy = $this->copy();
        $platform = Platform::current();
        [, $output] = self::php(['-r', 'require $argv[1]; echo plenigo\internal\Native::libraryPath();', "$copy/autoload.php"]);
        $this->assertSame("$copy/lib/libplenigo.so", $output, 'a tree with only lib/libplenigo.so uses it');
        mkdir("$copy/lib/$platform");
        rename("$copy/lib/libplenigo.so", "$copy/lib/$platform/libplenigo.so");
        [, $output] = self::php(['-r', 'require $argv[1]; echo plenigo\internal\Native::libraryPath();', "$copy/autoload.php"]);
        $this->assertSame("$copy/lib/$platform/libplenigo.so", $output);
        [$status, $output] = self::php(["$copy" . self::PAGE]);
        $this->assertSame([0, "bought\n"], [$status, $output]);

        rename("$copy/lib/$platform/libplenigo.so", "$copy/lib/$platform/other.so");
        [, $output] = self::php(["$copy" . self::PAGE]);
        $this->assertStringStartsWith("plenigo\PlenigoException SETUP: plenigo native library not found at $copy/lib/$platform/libplenigo.so (platform $platform; the package carries linux-x86_64, linux-aarch64, linux-x86_64-musl, linux-aarch64-musl)", $output);
    }

    public function testTheHeaderAndTheLibraryAreOneBuild(): void
    {
        $ffi = Native::ffi();
        $library = $ffi->plenigo_version();
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', $library);
        $declared = Native::headerVersion($ffi, fn () => (string) file_get_contents(self::PACKAGE . '/plenigo_php.h'));
        $this->assertSame($library, $declared, 'plenigo_php.h declares the version of the library built with it');
        $cargo = (string) file_get_contents(self::PACKAGE . '/../../Cargo.toml');
        $this->assertMatchesRegularExpression('/\[workspace\.package\]\nversion = "' . preg_quote($library) . '"/', $cargo);
    }

    public function testAHeaderOfAnotherBuildIsRefusedWithASetupException(): void
    {
        $copy = $this->copy();
        self::php([self::PACKAGE . '/tests/composer/other-build.php', "$copy/plenigo_php.h"]);
        [$status, $output] = self::php(["$copy" . self::PAGE]);
        $this->assertSame(0, $status, $output);
        $this->assertStringStartsWith(
            "plenigo\PlenigoException SETUP: plenigo's header $copy/plenigo_php.h and library $copy/lib/libplenigo.so come from "
                . 'different builds: the header is for version 99.99.99, the library is version ',
            $output,
        );
        $this->assertStringContainsString('Install the package again', $output);
    }

    public function testPreloadedAHeaderOfAnotherBuildStopsTheStart(): void
    {
        $copy = $this->copy();
        self::php([self::PACKAGE . '/tests/composer/other-build.php', "$copy/plenigo_php.h"]);
        $header = "$copy/lib/plenigo_preload.h";
        self::php(["$copy/bin/preload-header", '--lib', "$copy/lib/libplenigo.so", $header]);
        $this->assertStringContainsString('PLENIGO_VERSION_MAJOR = 99', (string) file_get_contents($header));
        [$status, $output] = self::php([
            '-d', 'opcache.enable_cli=1',
            '-d', "opcache.preload=$copy/preload.php",
            '-d', 'opcache.preload_user=' . posix_getpwuid(posix_geteuid())['name'],
            '-d', 'ffi.enable=preload',
            '-d', "ffi.preload=$header",
            "$copy" . self::PAGE,
        ]);
        $this->assertNotSame(0, $status);
        $this->assertStringContainsString("plenigo's header $header and library $copy/lib/libplenigo.so come from different builds: the header is for version 99.99.99", $output);
        $this->assertStringNotContainsString('bought', $output);
    }

    public function testWithPsrLogALoggerMustBeALoggerInterface(): void
    {
        $script = <<<'PHP'
            namespace Psr\Log { interface LoggerInterface { public function log($level, $message, array $context = []); } }
            namespace {
                require $argv[1];
                $duck = new class () { public function log($level, $message, array $context = []) {} };
                $psr = new class () implements \Psr\Log\LoggerInterface { public function log($level, $message, array $context = []) {} };
                try {
                    \plenigo\PlenigoManager::setLogger($duck, 'debug');
                    echo "duck accepted\n";
                } catch (\plenigo\exceptions\InvalidInputException $e) {
                    echo $e->getMessage(), "\n";
                }
                \plenigo\PlenigoManager::setLogger($psr, 'debug');
                \plenigo\PlenigoManager::setLogger(null, 'off');
                echo "LoggerInterface accepted\n";
            }
            PHP;
        [$status, $output] = self::php(['-r', $script, self::PACKAGE . '/autoload.php']);
        $this->assertSame([0, "invalid logger: must be a Psr\\Log\\LoggerInterface, got class@anonymous\nLoggerInterface accepted\n"], [$status, $output]);

        // Without psr/log (this suite's PHPUnit has none) any object with log() will do.
        $this->assertFalse(interface_exists('Psr\Log\LoggerInterface'));
        PlenigoManager::setLogger(new class () {
            public function log($level, $message, array $context = []): void
            {
            }
        }, 'debug');
        PlenigoManager::setLogger(null, 'off');
    }

    public function testComposerJsonClaimsWhatIsTested(): void
    {
        $json = json_decode((string) file_get_contents(self::PACKAGE . '/composer.json'), true, 512, JSON_THROW_ON_ERROR);
        $this->assertSame('plenigo/plenigo-ffi', $json['name']);
        // The PHP versions scripts/test-composer and scripts/test-php-fpm run: Debian 12's 8.2.
        $this->assertSame('~8.2.0', $json['require']['php']);
        $this->assertStringStartsWith('8.2.', PHP_VERSION);
        $this->assertSame(['plenigo/plenigo-php-sdk' => '*'], $json['conflict']);
        $this->assertArrayHasKey('psr/log', $json['suggest']);
        $this->assertSame(['bin/preload-header'], $json['bin']);
        $this->assertSame(['plenigo\\' => 'src/'], $json['autoload']['psr-4']);
        $this->assertSame(['linux-x86_64', 'linux-aarch64', 'linux-x86_64-musl', 'linux-aarch64-musl'], Platform::CARRIED);
    }

    /** A copy of the package (autoload.php, preload.php, plenigo_php.h, src/, tests' pages, lib/libplenigo.so), removed after the test. */
    private function copy(): string
    {
        $dir = sys_get_temp_dir() . '/plenigo-package-' . bin2hex(random_bytes(6));
        mkdir("$dir/lib", 0777, true);
        mkdir("$dir/tests/fpm", 0777, true);
        foreach (['autoload.php', 'preload.php', 'plenigo_php.h', 'lib/libplenigo.so'] as $file) {
            copy(self::PACKAGE . "/$file", "$dir/$file");
        }
        exec('cp -r ' . escapeshellarg(self::PACKAGE . '/src') . ' ' . escapeshellarg(self::PACKAGE . '/bin') . ' ' . escapeshellarg("$dir/"));
        exec('cp -r ' . escapeshellarg(self::PACKAGE . '/tests/fpm/pages') . ' ' . escapeshellarg("$dir/tests/fpm/"));
        register_shutdown_function(static fn () => exec('rm -rf ' . escapeshellarg($dir)));
        return $dir;
    }

    /**
     * Runs PHP with $args (PLENIGO_FFI_LIB unset); returns the exit status and stdout + stderr.
     *
     * @param list<string> $args
     * @return array{0: int, 1: string}
     */
    private static function php(array $args): array
    {
        $env = getenv();
        unset($env[Native::LIBRARY_ENV]);
        $process = proc_open([PHP_BINARY, '-d', 'display_errors=stderr', ...$args], [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, $env);
        $output = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        return [proc_close($process), $output];
    }
}
