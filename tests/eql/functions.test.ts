import { describe, expect, it } from 'vitest';
import { holds } from './helpers.ts';

const doc = {
  name: 'System Idle Process',
  file: 'explorer.exe',
  id: 17,
  ip: '10.6.48.157',
  ip6: '2001:db8::1',
  mapped: '::ffff:192.168.1.5',
};

describe('string functions', () => {
  it.each([
    ['between(name, "S", "e", true) == "ystem Idle Proc"'],
    ['between~(name, "s", "e", true) == "ystem Idle Proc"'],
    ['between(name, "s", "e") == "t"'],
    ['between(name, "x", "e") == ""'],
    ['concat(id, ":", name) == "17:System Idle Process"'],
    ['concat(name, missing) == null'],
    ['endsWith(file, ".exe") and not endsWith(file, ".EXE") and endsWith~(file, ".EXE")'],
    ['indexOf(file, "plore") == 2 and indexOf(file, "plore", 3) == null'],
    ['indexOf~(file, "PLORE") == 2 and indexOf(file, "PLORE") == null'],
    ['length(file) == 12 and length(missing) == null'],
    ['startsWith(file, "exp") and startsWith~(file, "EXP") and not startsWith(file, "EXP")'],
    ['string(id) == "17" and string(true) == "true"'],
    ['stringContains(name, "Idle") and stringContains~(name, "IDLE")'],
    ['substring(file, 0, 3) == "exp" and substring(file, -4) == ".exe"'],
    ['substring(file, -4, -1) == ".ex" and substring(file, 5, 2) == ""'],
    ['STARTSWITH(file, "exp") and StringContains(file, "lor")'],
  ])('%s', (condition) => expect(holds(condition, doc)).toBe(true));
});

describe('numeric functions', () => {
  it.each([
    ['add(id, 3) == 20 and subtract(id, -3) == 20'],
    ['multiply(id, 2) == 34 and divide(id, 2) == 8 and modulo(id, 5) == 2'],
    ['number("17") == id and number("0x11") == id and number("11", 16) == id'],
    ['number("0x11", 16) == id and number("1.5") == 1.5 and number("z") == null'],
    ['number(string(id), 13) == 20'],
    ['number("-0x10") == -16 and number("101", 2) == 5'],
  ])('%s', (condition) => expect(holds(condition, doc)).toBe(true));
});

describe('cidrMatch', () => {
  it.each([
    ['cidrMatch(ip, "10.0.0.0/8")', true],
    ['cidrMatch(ip, "192.168.0.0/16", "10.6.48.0/24")', true],
    ['cidrMatch(ip, "10.6.48.157/32")', true],
    ['cidrMatch(ip, "10.6.48.156/31")', true],
    ['cidrMatch(ip, "10.6.48.158/31")', false],
    ['cidrMatch(ip, "0.0.0.0/0")', true],
    ['cidrMatch(ip6, "2001:db8::/32")', true],
    ['cidrMatch(ip6, "2001:db9::/32")', false],
    ['cidrMatch(ip6, "10.0.0.0/8")', false],
    ['cidrMatch(mapped, "192.168.0.0/16")', true],
    ['cidrMatch(ip, "::ffff:0:0/96")', true],
    ['cidrMatch(ip6, "::ffff:0:0/96")', false],
    ['cidrMatch(ip, "::ffff:10.6.0.0/112")', true],
    ['cidrMatch(ip, "10.6.48.157", "::1")', true],
    ['cidrMatch(missing, "10.0.0.0/8") == null', true],
  ])('%s → %s', (condition, expected) => expect(holds(condition, doc)).toBe(expected));

  it('works on multi-valued and non-constant arguments', () => {
    expect(holds('cidrMatch(ips, "10.0.0.0/8")', { ips: ['8.8.8.8', '10.1.1.1'] })).toBe(true);
    expect(holds('cidrMatch(ip, block)', { ip: '10.1.1.1', block: '10.0.0.0/8' })).toBe(true);
  });
});
