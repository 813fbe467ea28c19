import { Pagination as DsfrPagination } from '@codegouvfr/react-dsfr/Pagination'

/** DSFR pagination with plain links (works without JavaScript). Hidden when there is one page. */
export function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null
  return (
    <DsfrPagination
      className="fr-mt-4w"
      count={pageCount}
      defaultPage={Math.min(page, pageCount)}
      getPageLinkProps={(p) => ({ href: href(p) })}
      showFirstLast
    />
  )
}
