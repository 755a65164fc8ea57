<?php

namespace plenigo\tests;

use plenigo\PlenigoException;
use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;

/**
 * 10,000 calls through every kind of value the library hands out (strings, structs, lists,
 * errors): PHP's memory and the process's RSS must stay flat, so nothing native leaks.
 */
final class MemoryTest extends SandboxTestCase
{
    private const CALLS = 10000;
    private const WARM_UP = 500;

    public function testTenThousandCallsKeepMemoryFlat(): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY);
        $calls = [
            fn () => UserManagementService::createLoginToken(self::CUSTOMER),
            fn () => AppManagementService::getCustomerApps(self::CUSTOMER),
            fn () => AppManagementService::hasUserBought(self::CUSTOMER, self::PRODUCT, self::FIXTURE_APP),
            fn () => AppManagementService::requestAppId(self::CUSTOMER, 'usedOrUnknown'), // HTTP 403
            fn () => UserManagementService::registerUser('not-an-email'), // refused before sending
        ];
        $failures = 0;
        $run = function (int $from, int $to) use ($calls, &$failures): void {
            for ($i = $from; $i < $to; $i++) {
                try {
                    $calls[$i % count($calls)]();
                } catch (PlenigoException $e) {
                    $failures++;
                }
            }
        };

        $run(0, self::WARM_UP);
        gc_collect_cycles();
        $phpBefore = memory_get_usage();
        $rssBefore = self::rssKiB();

        $run(self::WARM_UP, self::CALLS);
        gc_collect_cycles();
        $phpGrowth = memory_get_usage() - $phpBefore;
        $rssGrowthKiB = self::rssKiB() - $rssBefore;

        $this->assertSame(2 * self::CALLS / count($calls), $failures, 'the two failing calls failed every time');
        $this->assertLessThan(64 * 1024, $phpGrowth, "PHP memory grew by $phpGrowth bytes");
        // A leak of one small string per call would be about 500 KiB over 9,500 calls.
        $this->assertLessThan(256, $rssGrowthKiB, "RSS grew by $rssGrowthKiB KiB");
    }

    /** The process's resident set size in KiB, from /proc/self/status. */
    private static function rssKiB(): int
    {
        preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $match);
        return (int) $match[1];
    }
}
