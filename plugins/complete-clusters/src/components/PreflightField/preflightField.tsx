import { useCallback, useEffect } from 'react';
import { Typography } from '@material-ui/core';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  clusterNameProblem,
  type PreflightCheck,
  type RequestClusterBody,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { PreflightPanel } from '../Preflight';

/**
 * The `ui:field` of the generated form's pre-flight property. The catalog
 * module names it in every complete-cluster Scaffolder Template.
 * @public
 */
export const PREFLIGHT_FIELD_NAME = 'CompleteClusterPreflight';

/**
 * The form properties that are no template answers: the cluster's name, the
 * owning group (sent as the request's owner) and this field's own status.
 */
const NOT_ANSWERS = ['name', 'owner', 'preflight'];

/** The field's `ui:options`, written by the catalog module's generator. */
export type PreflightFieldOptions = {
  /** The ClusterTemplate the form requests a cluster of. */
  templateRef: string;
  /** The template version the form was made for. */
  templateVersion?: string;
};

/**
 * The request the form's answers make, as `POST /clusters` would receive
 * it; undefined until the cluster name is valid (the form itself says why).
 */
export function preflightBodyOf(
  formData: Record<string, unknown> | undefined,
  options: Partial<PreflightFieldOptions> | undefined,
  fieldName: string = 'preflight',
): RequestClusterBody | undefined {
  if (!options?.templateRef || !formData) return undefined;
  const { name, owner } = formData;
  if (clusterNameProblem(name)) return undefined;
  const parameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(formData)) {
    if (!NOT_ANSWERS.includes(key) && key !== fieldName && value !== undefined)
      parameters[key] = value;
  }
  return {
    templateRef: options.templateRef,
    ...(options.templateVersion
      ? { templateVersion: options.templateVersion }
      : {}),
    name: name as string,
    parameters,
    ...(typeof owner === 'string' && owner !== '' ? { owner } : {}),
  };
}

/** One line per failed check: what failed, its figures and its fix. */
export function failedCheckMessage(check: PreflightCheck): string {
  return `${check.title}: ${check.detail}${
    check.fix ? ` Fix: ${check.fix}` : ''
  }`;
}

/**
 * The pre-flight checks in the Scaffolder form: run live (400 ms after the
 * answers stop changing) for the other answers of the form, shown with their
 * figures and fixes. Its value is the one-line summary; the form does not
 * submit while a check fails (see {@link preflightFieldValidation}).
 */
export function PreflightField(
  props: FieldExtensionComponentProps<string, PreflightFieldOptions>,
) {
  const { formContext, uiSchema, onChange, name, schema } = props;
  const options = uiSchema?.['ui:options'];
  const body = preflightBodyOf(
    formContext?.formData as Record<string, unknown> | undefined,
    options,
    name,
  );
  const checked = body ? 'checked' : 'waiting for a valid cluster name';
  // The Scaffolder validates only the fields the form's data holds: hold a value from the start.
  useEffect(() => {
    if (props.formData === undefined) onChange(checked);
  }, [props.formData, onChange, checked]);
  const onResult = useCallback(
    (ok: boolean) => onChange(ok ? 'pass' : 'fail'),
    [onChange],
  );
  return (
    <div>
      <Typography variant="h6" component="h2">
        {schema.title ?? 'Pre-flight checks'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {schema.description}
        </Typography>
      )}
      {body ? (
        <PreflightPanel body={body} onResult={onResult} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          The checks run in Azure once the cluster name is valid.
        </Typography>
      )}
    </div>
  );
}

/**
 * Asks the backend again when the form is submitted (Azure and the answers
 * may have changed since the live checks), and fails the field with every
 * failed check's figures and fix. A check that could not be made (Azure
 * throttled or unreachable) does not stop the form, nor does a backend that
 * cannot be reached: the request API runs the same checks on receipt.
 */
export const preflightFieldValidation: CustomFieldValidator<
  string,
  PreflightFieldOptions
> = async (_value, validation, context) => {
  const body = preflightBodyOf(
    context.formData as Record<string, unknown>,
    context.uiSchema?.['ui:options'],
  );
  if (!body) return;
  const api = context.apiHolder.get(completeClustersApiRef);
  if (!api) return;
  let result;
  try {
    result = await api.preflight(body);
  } catch {
    return;
  }
  for (const check of result.checks) {
    if (check.status === 'fail') validation.addError(failedCheckMessage(check));
  }
};
