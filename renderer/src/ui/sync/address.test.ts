import { describe, expect, it } from 'vitest';
import { formatInvitation, parseInvitation } from '../../../../shared/team/invitation';
import { isSignalingAddress, normaliseSignaling } from './address';

describe('signaling addresses', () => {
  it('adds ws:// when no scheme was typed and trims', () => {
    expect(normaliseSignaling('  192.168.1.10:4444 ')).toBe('ws://192.168.1.10:4444');
    expect(normaliseSignaling('wss://lead.local:4444')).toBe('wss://lead.local:4444');
    expect(normaliseSignaling('http://x')).toBe('http://x');
    expect(normaliseSignaling('   ')).toBe('');
  });

  it('accepts ws and wss with a host, nothing else', () => {
    expect(isSignalingAddress('ws://192.168.1.10:4444')).toBe(true);
    expect(isSignalingAddress('wss://lead.local')).toBe(true);
    expect(isSignalingAddress('http://192.168.1.10')).toBe(false);
    expect(isSignalingAddress('ws://')).toBe(false);
    expect(isSignalingAddress('ws://a b')).toBe(false);
    expect(isSignalingAddress(`ws://${'a'.repeat(300)}`)).toBe(false);
  });

  it('every address it accepts makes an invitation a field device can read', () => {
    const lead = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    for (const signaling of ['ws://192.168.1.10:4444', 'wss://lead.local', 'ws://[fe80::1]:4444/room']) {
      expect(isSignalingAddress(signaling)).toBe(true);
      const text = formatInvitation({ site: 'camp-north', siteName: 'Camp North', lead, secret: 'A'.repeat(22), signaling });
      expect(parseInvitation(text).ok, signaling).toBe(true);
    }
  });
});
