import { Navigate, useParams } from 'react-router-dom';
import { ErrorPage } from '@backstage/core-components';

/**
 * The portal's front door: `/` opens the Clusters page, where a person picks
 * a template and finds their clusters. Any other address no page claims is
 * still a 404.
 */
export function HomeRedirect() {
  const rest = useParams()['*'];
  if (rest) return <ErrorPage status="404" statusMessage="PAGE NOT FOUND" />;
  return <Navigate to="clusters" replace />;
}
