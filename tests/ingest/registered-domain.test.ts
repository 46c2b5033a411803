// dns.question.* name parts. Expected splits follow the Public Suffix List's rules (a plain
// TLD is one label; `co.uk`, `com.au`, `github.io` are listed suffixes), not our output.
import { describe, expect, it } from 'vitest';
import { registeredDomain } from '../../src/ingest/map/registered-domain.ts';

describe('registeredDomain', () => {
  it('a plain TLD: the last label', () => {
    expect(registeredDomain('some.other.domain.com')).toEqual({
      registered_domain: 'domain.com',
      top_level_domain: 'com',
      subdomain: 'some.other',
    });
    expect(registeredDomain('example.org')).toEqual({
      registered_domain: 'example.org',
      top_level_domain: 'org',
    });
  });

  it('listed multi-label suffixes', () => {
    expect(registeredDomain('www.bbc.co.uk')).toEqual({
      registered_domain: 'bbc.co.uk',
      top_level_domain: 'co.uk',
      subdomain: 'www',
    });
    expect(registeredDomain('a.b.example.com.au')?.registered_domain).toBe('example.com.au');
    expect(registeredDomain('attacker.github.io')).toEqual({
      registered_domain: 'attacker.github.io',
      top_level_domain: 'github.io',
    });
    expect(registeredDomain('x.s3.amazonaws.com')?.top_level_domain).toBe('s3.amazonaws.com');
  });

  it('keeps the letter case and ignores a trailing dot', () => {
    expect(registeredDomain('WPAD.Corp.Example.COM.')).toEqual({
      registered_domain: 'Example.COM',
      top_level_domain: 'COM',
      subdomain: 'WPAD.Corp',
    });
  });

  it('nothing for one label, a bare suffix, an address or an empty label', () => {
    for (const name of ['wpad', 'localhost', 'co.uk', '10.0.0.1', 'fe80::1', 'a..com', ''])
      expect(registeredDomain(name), name).toBeUndefined();
  });
});
