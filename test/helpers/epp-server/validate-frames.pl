#!/usr/bin/perl
# Validates EPP frames against the schema named as the first argument (schemas/all.xsd), with the
# schema parsed once and the process kept: libxml2's validator through XML::LibXML (Debian's
# libxml-libxml-perl, which Net::EPP depends on). Spawning xmllint per frame costs ~30 ms, this
# well under one.
#
# Protocol on stdin/stdout, both framed as RFC 5734 does but with lengths that count only the payload:
# in, a 4-byte big-endian length and the XML document; out, a 4-byte length and either nothing (valid)
# or libxml2's messages (UTF-8).
use strict;
use warnings;
use XML::LibXML;

binmode STDIN;
binmode STDOUT;
$| = 1;

my $schema = XML::LibXML::Schema->new(location => $ARGV[0], no_network => 1);
# No network, no external DTD, no entity expansion: a registry does not fetch what a frame points at.
my $parser = XML::LibXML->new(no_network => 1, load_ext_dtd => 0, expand_entities => 0, huge => 0);

sub read_exactly {
  my ($n) = @_;
  my $buf = '';
  while (length($buf) < $n) {
    my $got = read(STDIN, $buf, $n - length($buf), length($buf));
    return undef unless $got;
  }
  return $buf;
}

while (defined(my $header = read_exactly(4))) {
  my $len = unpack('N', $header);
  my $xml = $len ? read_exactly($len) : '';
  last unless defined $xml;
  my $errors = '';
  eval {
    my $doc = $parser->load_xml(string => $xml);
    # EPP is described by XML Schema alone; registries refuse a document type declaration outright,
    # since that is how entity attacks arrive.
    die "a DOCTYPE is not accepted\n" if $doc->internalSubset || $doc->externalSubset;
    $schema->validate($doc);
    1;
  } or do {
    $errors = ref($@) && $@->can('as_string') ? $@->as_string : "$@";
    $errors = 'document is not valid' if $errors eq '';
  };
  utf8::encode($errors) if utf8::is_utf8($errors);
  print pack('N', length($errors)), $errors;
}
