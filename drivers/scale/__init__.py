"""Counter scales: Toledo 8217, NCI SCP-01/02, MT-SICS and CAS continuous output.

Every protocol is a `ScaleProtocol` record (line settings, commands, a pure parser); one
`Scale` driver serves them all and yields `Reading`s and `Fault`s.
"""
