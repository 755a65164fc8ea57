<?php

namespace plenigo\exceptions;

/** Too many parallel app accesses (HTTP 423) or requests (HTTP 429), code 12. */
class LimitReachedException extends \plenigo\PlenigoException
{
}
