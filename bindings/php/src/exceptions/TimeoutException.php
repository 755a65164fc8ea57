<?php

namespace plenigo\exceptions;

/** No answer within the configured timeout (code 5); see isOutcomeUnknown(). */
class TimeoutException extends \plenigo\PlenigoException
{
}
