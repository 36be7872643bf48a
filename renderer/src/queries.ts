/** Library data through TanStack Query: cached lists, and writes that refresh what they touch. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EditableKind } from '../../shared/forms';

import { call } from './api';

export type RecordOf = Record<string, unknown> & { id: string };

export function useList(kind: EditableKind) {
  return useQuery({
    queryKey: ['list', kind],
    queryFn: async () => (await call('entities.list', { kind })) as RecordOf[],
  });
}

export function useCompany() {
  return useQuery({ queryKey: ['company'], queryFn: () => call('company.get') });
}

/** After any write, lists and previews may have changed: refetch them. */
function useInvalidateLibrary() {
  const client = useQueryClient();
  return () => client.invalidateQueries();
}

export function useSaveRecord(kind: EditableKind) {
  const invalidate = useInvalidateLibrary();
  return useMutation({
    mutationFn: async ({ id, values }: { id: string | null; values: Record<string, unknown> }) =>
      (id
        ? await call('entities.update', { kind, id, changes: values })
        : await call('entities.create', { kind, values })) as RecordOf,
    onSuccess: invalidate,
  });
}

export function useRemoveRecord(kind: EditableKind) {
  const invalidate = useInvalidateLibrary();
  return useMutation({
    mutationFn: ({ id, cascade }: { id: string; cascade: boolean }) => call('entities.remove', { kind, id, cascade }),
    onSuccess: invalidate,
  });
}

export function useSaveCompany() {
  const invalidate = useInvalidateLibrary();
  return useMutation({ mutationFn: (values: Record<string, unknown>) => call('company.save', values), onSuccess: invalidate });
}
