#!/usr/bin/perl
# An independent EPP client for the test registry's own tests: Net::EPP::Simple (Debian's
# libnet-epp-perl) plays a registrar through a whole domain life, over TLS with a client certificate,
# logging in with the services it reads from the greeting. It prints one JSON object: each step's
# result code and the data the test compares with the registry's state.
#
# Usage: perl net-epp-client.pl PORT CA_FILE CERT_FILE KEY_FILE USER PASS OTHER_USER OTHER_PASS
use strict;
use warnings;
use JSON::PP;
use Net::EPP::Simple;

my ($port, $ca, $cert, $key, $user, $pass, $other_user, $other_pass) = @ARGV;
my %out;
my @steps;

sub session {
  my ($u, $p) = @_;
  my $epp = Net::EPP::Simple->new(
    host => '127.0.0.1', port => $port, user => $u, pass => $p,
    verify => 1, ca_file => $ca, cert => $cert, key => $key,
    timeout => 10, load_config => 0,
  );
  die "login as $u failed: $Net::EPP::Simple::Code $Net::EPP::Simple::Error\n" unless $epp;
  return $epp;
}

# Runs one call and records its name, the EPP result code and what it returned.
sub step {
  my ($name, $call) = @_;
  my $result = $call->();
  push @steps, { step => $name, code => $Net::EPP::Simple::Code + 0, ok => (defined $result ? JSON::PP::true : JSON::PP::false) };
  return $result;
}

my $epp = session($user, $pass);
push @steps, { step => 'login', code => $Net::EPP::Simple::Code + 0, ok => JSON::PP::true };

$out{available_before} = step('check free', sub { $epp->check_domain('net-epp.fi') });
step('create contact', sub {
  $epp->create_contact({
    id => 'np-holder',
    postalInfo => { loc => { name => 'Perl Holder', addr => { street => ['Katu 2'], city => 'Espoo', pc => '02100', cc => 'FI' } } },
    voice => '+358.501234567', email => 'holder@example.fi', authInfo => 'np-contact-1',
  });
});
step('create host', sub { $epp->create_host({ name => 'ns1.net-epp.example', addrs => [] }) });
step('create domain', sub {
  $epp->create_domain({
    name => 'net-epp.fi', period => 2, registrant => 'np-holder',
    contacts => { tech => 'np-holder', admin => 'np-holder' },
    ns => ['ns1.net-epp.example'], authInfo => 'np-Auth-77',
  });
});
$out{available_after} = step('check taken', sub { $epp->check_domain('net-epp.fi') });
step('create domain again', sub {
  $epp->create_domain({ name => 'net-epp.fi', period => 1, registrant => 'np-holder', contacts => {}, authInfo => 'x-Auth-1' });
});

my $info = step('info', sub { $epp->domain_info('net-epp.fi') });
$out{info} = { map { $_ => $info->{$_} } grep { defined $info->{$_} && !ref $info->{$_} } keys %$info } if $info;
$out{info_ns} = $info->{ns} if $info;
my ($cur) = ($info->{exDate} // '') =~ /^(\d{4}-\d\d-\d\d)/;
$out{exDate_before_renew} = $cur;

step('renew with a wrong curExpDate', sub { $epp->renew_domain({ name => 'net-epp.fi', cur_exp_date => '2000-01-01', period => 1 }) });
step('renew', sub { $epp->renew_domain({ name => 'net-epp.fi', cur_exp_date => $cur, period => 1 }) });
step('lock transfers', sub { $epp->update_domain({ name => 'net-epp.fi', add => { status => ['clientTransferProhibited'] } }) });

my $other = session($other_user, $other_pass);
step('other: transfer while locked', sub { $other->domain_transfer_request('net-epp.fi', 'np-Auth-77', 1) });
step('unlock transfers', sub { $epp->update_domain({ name => 'net-epp.fi', rem => { status => ['clientTransferProhibited'] } }) });
step('other: transfer with a wrong code', sub { $other->domain_transfer_request('net-epp.fi', 'wrong-code', 1) });
my $trn = step('other: transfer', sub { $other->domain_transfer_request('net-epp.fi', 'np-Auth-77', 1) });
$out{transfer} = $trn;
step('other: delete', sub { $other->delete_domain('net-epp.fi') });
step('old sponsor: delete', sub { $epp->delete_domain('net-epp.fi') });

$other->logout;
# Net::EPP::Simple's logout() keeps the result code to itself: send the frame, read the answer.
my $bye = $epp->request(Net::EPP::Frame::Command::Logout->new);
push @steps, { step => 'logout', code => ($bye ? $bye->code : 0) + 0, ok => ($bye ? JSON::PP::true : JSON::PP::false) };
$epp->{authenticated} = 0;
$epp->logout;
$out{steps} = \@steps;
print JSON::PP->new->canonical->encode(\%out), "\n";
