#!/usr/bin/perl
# Makes the generated Swift async functions cancellable: Task.cancel() cancels the Rust future
# (ffi_plenigo_rust_future_cancel_*), the call throws CancellationError, and the future is
# freed, which aborts the request and closes its connection.
#
# uniffi 0.32's Swift template awaits a Rust future with no cancellation handler, so a
# cancelled Task keeps waiting for the request to end (mozilla/uniffi-rs#2771; an opt-in is
# proposed in #2887). scripts/test-swift runs this on the generated Plenigo.swift; it fails when
# the template changed, so a uniffi upgrade cannot silently drop the patch.
#
# Usage: perl cancellable-async.pl Plenigo.swift   (edits the file in place)
use strict;
use warnings;

my $path = shift or die "usage: $0 Plenigo.swift\n";
open(my $in, '<', $path) or die "$path: $!\n";
my $swift = do { local $/; <$in> };
close($in);

# 1. uniffiRustCallAsync takes a cancel function...
my $params = $swift =~ s{
    (\n\s*freeFunc:\ \(UInt64\)\ ->\ \(\),)
}{$1\n    cancelFunc: \@escaping \@Sendable (UInt64) -> (),}gx;

# 2. ...calls it when the awaiting Task is cancelled, and then throws CancellationError
# instead of completing the (cancelled) future; the existing `defer` frees it.
my $loop = $swift =~ s{
    \n(\s*)var\ pollResult:\ Int8;\n
    (\s*repeat\ \{.*?\}\ while\ pollResult\ !=\ UNIFFI_RUST_FUTURE_POLL_READY\n)
}{
    my ($indent, $body) = ($1, $2);
    $body =~ s/^/    /mg;
    "\n${indent}// Patched by bindings/swift/cancellable-async.pl: Task.cancel() cancels the Rust future.\n"
    . "${indent}await withTaskCancellationHandler {\n"
    . "${indent}    var pollResult: Int8;\n"
    . $body
    . "${indent}} onCancel: {\n"
    . "${indent}    cancelFunc(rustFuture)\n"
    . "${indent}}\n"
    . "${indent}try Task.checkCancellation()\n"
}sxe;

# 3. Every call passes the cancel function that matches its poll/complete/free functions.
my $calls = $swift =~ s{
    (\n(\s*)freeFunc:\ ffi_plenigo_rust_future_free_(\w+),)
}{$1\n$2cancelFunc: ffi_plenigo_rust_future_cancel_$3,}gx;

die "$path: uniffiRustCallAsync not as expected (params $params, loop $loop); check the uniffi template\n"
    unless $params == 1 && $loop == 1;
die "$path: no async calls found\n" unless $calls > 0;

open(my $out, '>', $path) or die "$path: $!\n";
print $out $swift;
close($out);
print "cancellable-async.pl: $calls async calls in $path cancellable\n";
