<?php

namespace plenigo\exceptions;

/**
 * The connection failed (code 5), e.g. refused or an untrusted TLS certificate; see
 * isOutcomeUnknown().
 */
class NetworkException extends \plenigo\PlenigoException
{
}
