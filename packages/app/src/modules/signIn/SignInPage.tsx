import { useEffect, useState } from 'react';
import {
  Button,
  Card,
  CardActions,
  CardContent,
  CardHeader,
  Grid,
  Typography,
} from '@material-ui/core';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import {
  configApiRef,
  discoveryApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import {
  ProxySignInIdentity,
  REMEMBERED_SIGN_IN as REMEMBERED,
} from './ProxySignInIdentity';

type Choice = { provider: string; query?: Record<string, string> };

/**
 * The embedded portal's sign-in: as guest, or (development only) as one of
 * the example users in `auth.providers.development.users`, so that flows
 * between people can be tried on one machine: request a production cluster
 * as the guest, approve it as the platform engineer.
 */
export function SignInPage({ onSignInSuccess }: SignInPageProps) {
  const discoveryApi = useApi(discoveryApiRef);
  const config = useApi(configApiRef);
  const [error, setError] = useState<string>();
  const users = (
    config.getOptionalConfigArray('auth.providers.development.users') ?? []
  ).map(user => ({
    entityRef: user.getString('entityRef'),
    title: user.getString('title'),
  }));

  const [restoring, setRestoring] = useState(true);

  const signIn = async (choice: Choice, quiet = false) => {
    setError(undefined);
    const identity = new ProxySignInIdentity({ ...choice, discoveryApi });
    try {
      await identity.refresh();
      localStorage.setItem(REMEMBERED, JSON.stringify(choice));
      onSignInSuccess(identity);
    } catch (e) {
      localStorage.removeItem(REMEMBERED);
      if (!quiet) setError((e as Error).message);
    }
  };

  // A reload signs in again as whoever was signed in, as Backstage's own guest sign-in does.
  useEffect(() => {
    const remembered = localStorage.getItem(REMEMBERED);
    if (!remembered) {
      setRestoring(false);
      return;
    }
    signIn(JSON.parse(remembered), true).finally(() => setRestoring(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (restoring) return <Progress />;

  return (
    <Page themeId="home">
      <Header title={config.getOptionalString('app.title') ?? 'Backstage'} />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <Card>
              <CardHeader title="Guest" />
              <CardContent>
                <Typography variant="body1">
                  Enter as a guest user. You request clusters as yourself.
                </Typography>
              </CardContent>
              <CardActions>
                <Button
                  variant="outlined"
                  color="primary"
                  onClick={() => signIn({ provider: 'guest' })}
                >
                  Enter
                </Button>
              </CardActions>
            </Card>
          </Grid>
          {users.map(user => (
            <Grid item xs={12} md={4} key={user.entityRef}>
              <Card>
                <CardHeader title={user.title} subheader="Development only" />
                <CardContent>
                  <Typography variant="body1">
                    Sign in as {user.entityRef}, with the groups the catalog
                    gives them.
                  </Typography>
                </CardContent>
                <CardActions>
                  <Button
                    variant="outlined"
                    color="primary"
                    aria-label={`Sign in as ${user.title}`}
                    onClick={() =>
                      signIn({
                        provider: 'development',
                        query: { user: user.entityRef },
                      })
                    }
                  >
                    Sign in
                  </Button>
                </CardActions>
              </Card>
            </Grid>
          ))}
        </Grid>
        {error && (
          <Typography role="alert" color="error" style={{ marginTop: 16 }}>
            {error}
          </Typography>
        )}
      </Content>
    </Page>
  );
}
