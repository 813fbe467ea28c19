import { Link } from '@remix-run/react'

/** The DSFR breadcrumb: the pages above this one, then this page (not a link). */
export function Breadcrumb({ links, current }: { links: Array<{ to: string; label: string }>; current: string }) {
  return (
    <nav role="navigation" className="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol className="fr-breadcrumb__list">
        {links.map((link) => (
          <li key={link.to}>
            <Link className="fr-breadcrumb__link" to={link.to}>
              {link.label}
            </Link>
          </li>
        ))}
        <li>
          <span className="fr-breadcrumb__link" aria-current="page">
            {current}
          </span>
        </li>
      </ol>
    </nav>
  )
}
