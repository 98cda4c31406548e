import { createContext, useContext } from 'react';
import type { Profile } from '../auth/oidc.ts';
import type { ApiClient, uploadDocument } from './client.ts';

export interface AppServices {
  api: ApiClient;
  profile: Profile;
  /** Uploads with progress (XMLHttpRequest); replaceable in tests. */
  upload: typeof uploadDocument;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}
