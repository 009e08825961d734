/**
 * Devices are named by their did:key. People read a label where the app
 * knows one (this device, a laptop of the site that published its label, a
 * peer that announced itself, the team lead's device) and a short form of
 * the key (`z6Mk…wXyZ`) to compare with the device's Settings screen; the
 * full key is in the tooltip.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../people-context';
import { useSession } from '../session-context';
import { useSyncStatus } from '../sync-context';
import { isolate, shortDevice } from './format';

/** The label of a device, when this device knows one. */
export function useDeviceLabel(): (did: string) => string | undefined {
  const { t } = useTranslation();
  const { profile } = useSession();
  const { laptopLabel } = usePeople();
  const status = useSyncStatus();
  return useCallback(
    (did: string) => {
      if (did === profile.device) return t('devices.this', { label: isolate(profile.deviceLabel, 'firstStrong') });
      const label = laptopLabel(did) ?? status?.peers.find((p) => p.device === did)?.label;
      if (label) return label;
      if (did === profile.teamLead) return t('devices.lead');
      return undefined;
    },
    [t, profile, laptopLabel, status],
  );
}

/**
 * `named`: where a person reads who did what (a double handout), a known
 * label stands alone; the key is shown only for a device without one.
 */
export function DeviceName({ did, named = false }: { readonly did: string; readonly named?: boolean }) {
  const label = useDeviceLabel()(did);
  return (
    <span className="device-name" title={did} data-device={did}>
      {label && <bdi>{label}</bdi>}
      {label && !named && ' '}
      {(!label || !named) && (
        <span className="mono device-key" dir="ltr">
          {shortDevice(did)}
        </span>
      )}
    </span>
  );
}
