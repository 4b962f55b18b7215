#!/usr/bin/perl
# mutate.pl SPEC DIR: writes DIR/N.kapi, one single-fact mutation of SPEC
# each, and prints "N<TAB>what<TAB>visible" per mutant: visible is "yes"
# when the kernel can show the fact, else the reason it cannot.
use strict;
use warnings;

my ($spec, $dir) = @ARGV;
open(my $fh, '<', $spec) or die "$spec: $!";
my $text = do { local $/; <$fh> };
close $fh;
my $n = 0;

sub emit {
	my ($mutant, $what, $visible) = @_;
	return if $mutant eq $text;
	$n++;
	open(my $o, '>', "$dir/$n.kapi") or die "$dir/$n.kapi: $!";
	print $o $mutant;
	close $o;
	print "$n\t$what\t$visible\n";
}

# Each match of RE (with /g positions) replaced once by SUB's result.
sub each_match {
	my ($re, $sub) = @_;
	while ($text =~ /$re/g) {
		my ($s, $e) = ($-[0], $+[0]);
		$s++ while substr($text, $s, 1) =~ /\s/;
		my $m = substr($text, $s, $e - $s);
		my $line = 1 + (substr($text, 0, $s) =~ tr/\n//);
		my $ctx = substr($text, $e, 4000);
		for my $r ($sub->($m, $ctx, $line)) {
			my ($new, $what, $visible) = @$r;
			emit(substr($text, 0, $s) . $new . substr($text, $e), $what, $visible);
		}
		pos($text) = $e;
	}
}

# An errno swapped: EINVAL as EFAULT, any other as EINVAL.  Only an error
# with a test can be shown wrong by the kernel.
each_match(qr/^\terror (E[A-Z0-9]+) /m, sub {
	my ($m, $ctx, $line) = @_;
	my ($code) = $m =~ /error (\w+)/;
	my $to = $code eq 'EINVAL' ? 'EFAULT' : 'EINVAL';
	my ($block) = $ctx =~ /^(.*?\n\t\})/s;
	my $visible = $block =~ /\buntestable\b/ ? 'the error is untestable: no test provokes it' :
		      $block =~ /\btest "/ ? 'yes' : 'the error has no test';
	(my $new = $m) =~ s/$code/$to/;
	return [$new, "line $line: errno $code as $to", $visible];
});

# A constant's value changed by one.
each_match(qr/^const (\w+) = ([^";\n]*[^";\s])/m, sub {
	my ($m, $ctx, $line) = @_;
	my ($name, $v) = $m =~ /^const (\w+) = (.*)$/;
	return ["const $name = ($v) + 1", "line $line: $name = ($v) + 1", 'yes'];
});

# A range narrowed and widened at either end.
each_match(qr/^\t+range ([^;\n]*?) \.\. ([^;\n]*?);/m, sub {
	my ($m, $ctx, $line) = @_;
	my ($lo, $hi) = $m =~ /range (.*?) \.\. (.*?);/;
	return (["range $lo .. ($hi) - 1;", "line $line: range narrowed to $lo .. ($hi) - 1", 'yes'],
		["range $lo .. ($hi) + 1;", "line $line: range widened to $lo .. ($hi) + 1", 'yes'],
		["range ($lo) + 1 .. $hi;", "line $line: range narrowed to ($lo) + 1 .. $hi", 'yes'],
		["range ($lo) - 1 .. $hi;", "line $line: range widened to ($lo) - 1 .. $hi", 'yes']);
});

# A mask bit added (bit 30) and one removed (the lowest).
each_match(qr/^\t+mask ([^;\n]*);/m, sub {
	my ($m, $ctx, $line) = @_;
	my ($v) = $m =~ /mask (.*);/;
	return (["mask ($v) | (1 << 30);", "line $line: mask bit 30 added", 'yes'],
		["mask ($v) & ~(($v) & -($v));", "line $line: the mask's lowest bit removed", 'yes']);
});

# A condition weakened (its first < as <=, or its first & as |), and dropped.
each_match(qr/^\t+when ([^;]*);/m, sub {
	my ($m, $ctx, $line) = @_;
	my ($c) = $m =~ /when (.*);/s;
	my @r = (["when ($c) && 0;", "line $line: condition dropped", 'yes']);
	(my $w = $c) =~ s/<(?!=)/<=/;
	push @r, ["when $w;", "line $line: condition weakened, < as <=", 'yes'] if $w ne $c;
	($w = $c) =~ s/&(?![&~])/|/;
	push @r, ["when $w;", "line $line: condition weakened, & as |", 'yes'] if $w ne $c;
	return @r;
});
