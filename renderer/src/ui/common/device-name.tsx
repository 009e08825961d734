/**
 * Devices are named by their did:key. People read a label where the app
 * knows one (this device, a peer that announced itself, the team lead's
 * device) and a short form of the key (`z6Mk…wXyZ`) to compare with the
 * device's Settings screen; the full key is in the tooltip.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session-context';
import { useSyncStatus } from '../sync-context';
import { shortDevice } from './format';

/** The label of a device, when this device knows one. */
export function useDeviceLabel(): (did: string) => string | undefined {
  const { t } = useTranslation();
  const { profile } = useSession();
  const status = useSyncStatus();
  return useCallback(
    (did: string) => {
      if (did === profile.device) return t('devices.this', { label: profile.deviceLabel });
      const peer = status?.peers.find((p) => p.device === did);
      if (peer?.label) return peer.label;
      if (did === profile.teamLead) return t('devices.lead');
      return undefined;
    },
    [t, profile, status],
  );
}

export function DeviceName({ did }: { readonly did: string }) {
  const label = useDeviceLabel()(did);
  return (
    <span className="device-name" title={did} data-device={did}>
      {label && (
        <>
          <bdi>{label}</bdi>{' '}
        </>
      )}
      <span className="mono device-key" dir="ltr">
        {shortDevice(did)}
      </span>
    </span>
  );
}
