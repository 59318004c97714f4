import type {
  BackstageUserIdentity,
  DiscoveryApi,
  IdentityApi,
  ProfileInfo,
} from '@backstage/core-plugin-api';

/** Where the browser remembers the last sign-in (provider, and whom), so a reload signs in again. */
export const REMEMBERED_SIGN_IN = 'complete-clusters.signIn';

interface RefreshResponse {
  profile?: ProfileInfo;
  backstageIdentity: {
    token: string;
    expiresInSeconds?: number;
    identity: BackstageUserIdentity;
  };
}

/**
 * A signed-in identity from one of the backend's proxy auth providers (guest,
 * development): the backend's `/refresh` answers with a Backstage token,
 * fetched again shortly before it expires. `query` names whom to sign in as
 * where the provider needs it (the development provider's `?user=`).
 */
export class ProxySignInIdentity implements IdentityApi {
  private current?: RefreshResponse & { expiresAt: number };

  constructor(
    private readonly options: {
      provider: string;
      discoveryApi: DiscoveryApi;
      query?: Record<string, string>;
    },
  ) {}

  /** Signs in: throws with the backend's reason when the provider refuses. */
  async refresh(): Promise<void> {
    const base = await this.options.discoveryApi.getBaseUrl('auth');
    const query = this.options.query
      ? `?${new URLSearchParams(this.options.query)}`
      : '';
    const res = await fetch(
      `${base}/${this.options.provider}/refresh${query}`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        credentials: 'include',
      },
    );
    if (!res.ok) {
      const body = await res.json().catch(() => undefined);
      throw new Error(
        body?.error?.message ??
          `Sign-in with ${this.options.provider} failed: HTTP ${res.status}`,
      );
    }
    const answer: RefreshResponse = await res.json();
    const lifetime = (answer.backstageIdentity.expiresInSeconds ?? 3600) * 1000;
    this.current = { ...answer, expiresAt: Date.now() + lifetime };
  }

  private async fresh(): Promise<RefreshResponse> {
    if (!this.current || this.current.expiresAt - Date.now() < 60_000)
      await this.refresh();
    return this.current!;
  }

  async getProfileInfo(): Promise<ProfileInfo> {
    return (await this.fresh()).profile ?? {};
  }

  async getBackstageIdentity(): Promise<BackstageUserIdentity> {
    return (await this.fresh()).backstageIdentity.identity;
  }

  async getCredentials(): Promise<{ token?: string }> {
    return { token: (await this.fresh()).backstageIdentity.token };
  }

  async signOut(): Promise<void> {
    this.current = undefined;
    localStorage.removeItem(REMEMBERED_SIGN_IN);
  }
}
