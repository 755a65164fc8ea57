<?php
/**
 * The PHP CLI rows of the benchmark (issue 16), run by scripts/bench-php, which starts the
 * servers and passes on what this prints: `BENCH {json}` lines (scripts/lib/bench.sh).
 *
 *   php bench.php cli BASE_URL CALLS ROUND                  php.package, php.curl.reused, php.curl.new
 *   php bench.php official SDK_DIR BASE_URL CALLS ROUND     php.official, php.curl.reused.official-process
 *   php bench.php load PROCESSES ROUND                      php.load.cdef, php.load.empty
 *
 * cli and official: CPU time per call of this process (getrusage: user + system of all its
 * threads) and context switches per call (voluntary + involuntary) of the has-user-bought
 * call of App Management against BASE_URL (the canned nginx of scripts/lib/bench.sh), CALLS
 * calls per row, the rows measured one after the other (their order rotated by ROUND) after
 * a warm-up of each. The package comes from this directory with the library named by
 * PLENIGO_FFI_LIB; plenigo's official PHP SDK (plenigo/plenigo_php_sdk, checked out at
 * SDK_DIR) maps the same namespace, plenigo\, so it runs in a process of its own with its own
 * curl baseline. The fixture's IDs come from BENCH_* (scripts/lib/bench.sh).
 *
 * load: PROCESSES CLI processes of each kind, alternated: the milliseconds the package's
 * init (Native::ffi(): FFI::cdef of plenigo_php.h, loading the library, the version check)
 * takes in a process where nothing is preloaded, measured inside the process; beside it, an
 * empty `php -r ''` process, start to exit, measured from here. Medians of the round.
 */

const CMD = 'scripts/bench-php';

/** A fixture ID from scripts/lib/bench.sh's BENCH_* (the sandbox fixture's values by default). */
function fixture(string $name): string
{
    $defaults = [
        'BENCH_COMPANY' => '23NuCmdPoiRRkQiCqP9Q',
        'BENCH_SECRET' => 'QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj',
        'BENCH_CUSTOMER' => '56202510',
        'BENCH_PRODUCT' => 'RgKUHT78563989856641',
        'BENCH_APP' => 'ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G',
    ];
    $value = getenv($name);
    return is_string($value) && $value !== '' ? $value : $defaults[$name];
}

function emit(array $fields): void
{
    echo 'BENCH ', json_encode($fields + ['cmd' => CMD], JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
}

function usage(): never
{
    fwrite(STDERR, "usage: php bench.php cli BASE_URL CALLS ROUND\n"
        . "       php bench.php official SDK_DIR BASE_URL CALLS ROUND\n"
        . "       php bench.php load PROCESSES ROUND\n");
    exit(2);
}

function base64url(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

/** A plenigoToken as the wire contract describes it, signed (HS256) in PHP, a fresh jti each. */
function plenigo_token(): string
{
    $header = base64url('{"alg":"HS256","typ":"JWT"}');
    $claims = base64url(json_encode([
        'companyId' => fixture('BENCH_COMPANY'),
        'aud' => 'plenigo',
        'jti' => bin2hex(random_bytes(16)),
        'exp' => time() + 300,
    ]));
    return "$header.$claims." . base64url(hash_hmac('sha256', "$header.$claims", fixture('BENCH_SECRET'), true));
}

/** The has-user-bought URL of App Management, as the SDKs build it. */
function app_url(string $base): string
{
    return rtrim($base, '/') . '/api/v2/access/app/' . fixture('BENCH_CUSTOMER') . '/' . fixture('BENCH_PRODUCT')
        . '/' . fixture('BENCH_APP') . '?testMode=false';
}

/** One curl request with a fresh token; true on 200/204, false on 403, else an exception. */
function curl_bought(CurlHandle $curl): bool
{
    curl_setopt($curl, CURLOPT_HTTPHEADER, ['plenigoToken: ' . plenigo_token()]);
    $body = curl_exec($curl);
    $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    if ($body === false || !in_array($status, [200, 204, 403], true)) {
        throw new RuntimeException("curl request failed: HTTP $status " . curl_error($curl));
    }
    return $status !== 403;
}

function curl_handle(string $url): CurlHandle
{
    $curl = curl_init($url);
    curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_CONNECTTIMEOUT_MS => 10000, CURLOPT_TIMEOUT_MS => 10000]);
    return $curl;
}

/** The curl baselines: one handle (one kept connection) for all calls, or a new one per call. */
function curl_rows(string $base): array
{
    $url = app_url($base);
    $reused = curl_handle($url);
    return [
        'reused' => fn (): bool => curl_bought($reused),
        'new' => function () use ($url): bool {
            $curl = curl_handle($url);
            try {
                return curl_bought($curl);
            } finally {
                curl_close($curl);
            }
        },
    ];
}

/** hasUserBought of App Management through whichever package's plenigo\ classes are loaded. */
function app_bought(): bool
{
    return \plenigo\services\AppManagementService::hasUserBought(fixture('BENCH_CUSTOMER'), fixture('BENCH_PRODUCT'), fixture('BENCH_APP'));
}

/** CPU microseconds and context switches per call over $calls calls (each must answer true). */
function measure(callable $call, int $calls): array
{
    $before = getrusage();
    for ($i = 0; $i < $calls; $i++) {
        if ($call() !== true) {
            throw new RuntimeException('the call did not answer true (bought)');
        }
    }
    $after = getrusage();
    $us = fn (array $r): int => ($r['ru_utime.tv_sec'] + $r['ru_stime.tv_sec']) * 1000000 + $r['ru_utime.tv_usec'] + $r['ru_stime.tv_usec'];
    $cs = fn (array $r): int => $r['ru_nvcsw'] + $r['ru_nivcsw'];
    return [
        'cpu_us' => round(($us($after) - $us($before)) / $calls, 1),
        'cs' => round(($cs($after) - $cs($before)) / $calls, 2),
    ];
}

/**
 * Warms every row up, then measures each once, in an order rotated by the round so that no
 * row is always first; prints a BENCH line per row.
 *
 * @param array<string, array{label: string, baseline: ?string, goal?: string, call: callable}> $rows
 */
function run_rows(array $rows, int $calls, int $round): void
{
    foreach ($rows as $row) {
        measure($row['call'], min($calls, 100));
    }
    $ids = array_keys($rows);
    $shift = ($round - 1) % count($ids);
    foreach ([...array_slice($ids, $shift), ...array_slice($ids, 0, $shift)] as $id) {
        $row = $rows[$id];
        $call = $row['call'];
        unset($row['call']);
        emit(['row' => $id] + $row + ['round' => $round] + measure($call, $calls));
    }
}

function median(array $values): float
{
    sort($values);
    $n = count($values);
    return $n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
}

/** Runs $command (an argv array) to its end; its stdout, and the wall milliseconds it took. */
function run_process(array $command): array
{
    $start = hrtime(true);
    $process = proc_open($command, [1 => ['pipe', 'w']], $pipes);
    if ($process === false) {
        throw new RuntimeException('cannot start ' . implode(' ', $command));
    }
    $out = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    $status = proc_close($process);
    $ms = (hrtime(true) - $start) / 1e6;
    if ($status !== 0) {
        throw new RuntimeException(implode(' ', $command) . " exited with status $status");
    }
    return [$out, $ms];
}

$mode = $argv[1] ?? '';
if (($mode === 'cli' || $mode === 'official') && !extension_loaded('curl')) {
    fwrite(STDERR, "bench.php: needs ext-curl (Debian: php8.2-curl)\n");
    exit(2);
}

switch ($mode) {
    case 'cli':
        [, , $base, $calls, $round] = count($argv) === 5 ? $argv : usage();
        require __DIR__ . '/autoload.php';
        \plenigo\PlenigoManager::configure(fixture('BENCH_SECRET'), fixture('BENCH_COMPANY'), false, $base);
        $curl = curl_rows($base);
        run_rows([
            'php.package' => [
                'label' => 'PHP package, CLI loop: AppManagementService::hasUserBought (ext-ffi, libplenigo)',
                'baseline' => 'php.curl.reused', 'goal' => '<= 1.0', 'call' => 'app_bought',
            ],
            'php.curl.reused' => [
                'label' => 'PHP curl, one reused handle, JWT (HS256) signed in PHP per call, CLI loop',
                'baseline' => null, 'call' => $curl['reused'],
            ],
            'php.curl.new' => [
                'label' => 'PHP curl, a new handle (and connection) per call, JWT signed in PHP, CLI loop',
                'baseline' => 'php.curl.reused', 'call' => $curl['new'],
            ],
        ], (int) $calls, (int) $round);
        break;

    case 'official':
        [, , $sdk, $base, $calls, $round] = count($argv) === 6 ? $argv : usage();
        // The official SDK's Composer autoload "files" entry: its autoloader and helpers.
        require rtrim($sdk, '/') . '/src/plenigo/Plenigo.php';
        \plenigo\PlenigoManager::configure(fixture('BENCH_SECRET'), fixture('BENCH_COMPANY'), false, $base);
        $curl = curl_rows($base);
        run_rows([
            'php.official' => [
                'label' => "plenigo's official PHP SDK, CLI loop: AppManagementService::hasUserBought (own process)",
                'baseline' => 'php.curl.reused.official-process', 'call' => 'app_bought',
            ],
            'php.curl.reused.official-process' => [
                'label' => "PHP curl, one reused handle, JWT signed in PHP, CLI loop (in the official SDK's process)",
                'baseline' => null, 'call' => $curl['reused'],
            ],
        ], (int) $calls, (int) $round);
        break;

    case 'load':
        [, , $processes, $round] = count($argv) === 4 ? $argv : usage();
        $init = $empty = [];
        for ($i = 0; $i < (int) $processes; $i++) {
            [$out] = run_process([PHP_BINARY, __FILE__, 'load-child']);
            is_numeric(trim($out)) || throw new RuntimeException("load-child printed: $out");
            $init[] = (float) trim($out);
            $empty[] = run_process([PHP_BINARY, '-r', ''])[1];
        }
        $round = (int) $round;
        emit([
            'row' => 'php.load.cdef', 'baseline' => 'php.load.empty', 'round' => $round,
            'label' => "PHP package's init where nothing is preloaded (FFI::cdef of plenigo_php.h + library load + version check), per process",
            'value' => round(median($init), 3), 'unit' => 'ms',
        ]);
        emit([
            'row' => 'php.load.empty', 'baseline' => null, 'round' => $round,
            'label' => "an empty PHP CLI process (php -r ''), start to exit",
            'value' => round(median($empty), 3), 'unit' => 'ms',
        ]);
        break;

    case 'load-child':
        require __DIR__ . '/autoload.php';
        // Compile the class first: the figure is the init, not the autoloader.
        class_exists(\plenigo\internal\Native::class) || throw new RuntimeException('no Native class');
        $start = hrtime(true);
        \plenigo\internal\Native::ffi();
        printf("%.4f\n", (hrtime(true) - $start) / 1e6);
        break;

    default:
        usage();
}
